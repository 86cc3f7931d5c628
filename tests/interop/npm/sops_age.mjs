// The sops-age npm package (an independent TypeScript sops reader for age keys, whose envelope pattern
// is anchored at both ends) as a small CLI for SopsNet's interop tests.
//
//   node sops_age.mjs FILE IDENTITY_FILE [yaml|json|env]   print FILE decrypted, as JSON
import { readFileSync } from "node:fs";
import { decryptSops } from "sops-age";

const [file, identityFile, fileType] = process.argv.slice(2);
const secretKey = readFileSync(identityFile, "utf8").split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("#"));

try {
  const decrypted = await decryptSops(readFileSync(file, "utf8"), { secretKey, ...(fileType ? { fileType } : {}) });
  process.stdout.write(JSON.stringify(decrypted) + "\n");
} catch (e) {
  process.stderr.write(`sops_age.mjs: ${e.message}\n`);
  process.exit(1);
}
