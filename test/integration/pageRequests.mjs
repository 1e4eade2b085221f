// What only the browser sees, for tests inside the extension host: the
// notifications the workbench shows and the HTML of its webviews. A test logs
// `<marker>page-request {"what": ..., "out": FILE}` (see suite/workbench.ts);
// the launcher reads the page and writes the answer, as JSON, to FILE.
import * as fs from "node:fs";

export const PAGE_REQUEST = "page-request ";

/** Every notification in the notification center: its list is virtual, so it is scrolled through. */
async function notifications(page) {
  const center = page.locator(".notifications-center");
  const seen = new Set();
  const collect = async () => {
    const before = seen.size;
    for (const text of await page.locator(".notification-list-item-message").allTextContents()) seen.add(text);
    for (const label of await page
      .locator(".notifications-list-container .monaco-list-row")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? ""))) {
      if (label) seen.add(label);
    }
    return seen.size > before;
  };
  await collect();
  if (await center.isVisible()) {
    const box = await center.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let idle = 0; idle < 3;) {
      await page.mouse.wheel(0, 150);
      await page.waitForTimeout(50);
      idle = (await collect()) ? 0 : idle + 1;
    }
  }
  return [...seen];
}

/** The document of every webview frame (the outer host frames and the content frames inside them). */
async function webviews(page) {
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  return Promise.all(frames.map((f) => f.content().catch(() => "")));
}

const ANSWERS = { notifications, webviews };

/** Answers a request line (after PAGE_REQUEST); a request the launcher cannot answer gets `{"error": ...}`. */
export async function answerPageRequest(page, line) {
  const { what, out } = JSON.parse(line);
  let answer;
  try {
    answer = ANSWERS[what] ? await ANSWERS[what](page) : { error: `unknown page request "${what}"` };
  } catch (e) {
    answer = { error: e.message };
  }
  fs.writeFileSync(`${out}.part`, JSON.stringify(answer));
  fs.renameSync(`${out}.part`, out);
}
