import type { ProviderPattern } from "../types";
import { B64, B64URL, hasMixedCase } from "./shape";

/** Decodes base64 and checks it reads as `user:password` in printable ASCII. */
function isBase64UserPassword(secret: string): boolean {
  const decoded = Buffer.from(secret, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 && colon < decoded.length - 1 && /^[\x20-\x7e]+$/.test(decoded);
}

/** A segment of a JWT that decodes to a JSON object. */
function jsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Not the sample token of the JWT introduction (jwt.io), which documents and
 * tests copy everywhere. Segments that do not decode still count: a token
 * cut or re-encoded is still a token.
 */
function isRealJwt(secret: string): boolean {
  const claims = jsonSegment(secret.split(".")[1]);
  return !(claims?.sub === "1234567890" && claims?.name === "John Doe");
}

/** Provider-neutral credential formats: JWTs, encoded keys, authorization headers. */
export const patterns: readonly ProviderPattern[] = [
  {
    // header.payload.signature, each base64url; header and payload are JSON objects, so both start "eyJ" ('{"').
    id: "JWT",
    name: "JSON Web Token",
    docsUrl: "https://www.rfc-editor.org/rfc/rfc7519",
    anchors: ["eyJ"],
    pattern: new RegExp(`(?<![${B64URL}.])eyJ[${B64URL}]{10,2000}\\.eyJ[${B64URL}]{10,8000}\\.[${B64URL}]{16,1000}(?![${B64URL}.])`, "g"),
    verify: isRealJwt,
    severity: "warning",
  },
  {
    id: "AGE_SECRET_KEY",
    name: "age secret key",
    docsUrl: "https://age-encryption.org/v1",
    anchors: ["AGE-SECRET-KEY-1"],
    pattern: /(?<![A-Z0-9-])AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Z0-9])/g,
    severity: "error",
  },
  {
    // A PEM private key stored base64-encoded, as kubeconfig `client-key-data` and Kubernetes secrets do: "LS0tLS1CRUdJTi" is "-----BEGIN".
    id: "BASE64_PRIVATE_KEY",
    name: "Private key (base64-encoded PEM)",
    docsUrl: "https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/",
    anchors: ["LS0tLS1CRUdJTi"],
    pattern: new RegExp(`(?<![${B64}])LS0tLS1CRUdJTi[${B64}]{100,12000}={0,2}(?![${B64}=])`, "g"),
    verify: (secret) => /^-----BEGIN [A-Z ]{0,20}PRIVATE KEY/.test(Buffer.from(secret.slice(0, 80), "base64").toString("latin1")),
    severity: "error",
  },
  {
    id: "PUTTY_PRIVATE_KEY",
    name: "PuTTY private key",
    docsUrl: "https://the.earth.li/~sgtatham/putty/0.78/htmldoc/AppendixC.html",
    anchors: ["Private-Lines:"],
    pattern: /Private-Lines: {1,2}[0-9]{1,3}\r?\n(?<secret>[A-Za-z0-9+/=\r\n]{20,6000}?)(?=\r?\nPrivate-MAC:|\r?\nPrivate-Hash:)/g,
    severity: "error",
  },
  {
    id: "HTTP_BASIC_AUTHORIZATION",
    name: "HTTP Basic authorization header",
    docsUrl: "https://www.rfc-editor.org/rfc/rfc7617",
    anchors: ["Basic "],
    pattern: /(?<![A-Za-z])[Aa]uthorization["']?\s{0,4}[:=,]\s{0,4}["']?Basic (?<secret>[A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])/g,
    verify: isBase64UserPassword,
    severity: "error",
  },
  {
    id: "HTTP_BEARER_AUTHORIZATION",
    name: "HTTP Bearer authorization header",
    docsUrl: "https://www.rfc-editor.org/rfc/rfc6750",
    anchors: ["Bearer "],
    pattern:
      /(?<![A-Za-z])[Aa]uthorization["']?\s{0,4}[:=,]\s{0,4}["']?Bearer (?<secret>[A-Za-z0-9._~+/-]{20,2000}={0,2})(?![A-Za-z0-9._~+/=-])/g,
    verify: hasMixedCase,
    severity: "warning",
  },
];
