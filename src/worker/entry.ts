// Entry of the analysis worker thread (bundled as dist/scanWorker.js): the
// editor's per-document scans and the hook's checks run here, where a scan
// that takes too long can be stopped without freezing anything.
import { parentPort, workerData } from "node:worker_threads";
import { analysisService, type AnalysisInit } from "./analysis";
import { serve } from "./serve";

serve(parentPort!, analysisService(workerData as AnalysisInit));
