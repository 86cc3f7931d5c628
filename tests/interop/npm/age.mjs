// The age-encryption npm package (typage, an independent TypeScript implementation of age) as a small
// CLI for SopsNet's interop tests. Armored age files on stdin/stdout, as sops stores them in `enc`.
//
//   node age.mjs recipient IDENTITY_FILE        print the recipient of the identity in the file
//   node age.mjs encrypt RECIPIENT              encrypt stdin (raw bytes) to RECIPIENT, armored
//   node age.mjs decrypt IDENTITY_FILE          decrypt armored stdin with the identity in the file
import { readFileSync } from "node:fs";
import { Decrypter, Encrypter, armor, identityToRecipient } from "age-encryption";

const [command, arg] = process.argv.slice(2);
const identity = () => readFileSync(arg, "utf8").split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("#"));

try {
  if (command === "recipient") {
    process.stdout.write((await identityToRecipient(identity())) + "\n");
  } else if (command === "encrypt") {
    const e = new Encrypter();
    e.addRecipient(arg);
    process.stdout.write(armor.encode(await e.encrypt(new Uint8Array(readFileSync(0)))));
  } else if (command === "decrypt") {
    const d = new Decrypter();
    d.addIdentity(identity());
    process.stdout.write(await d.decrypt(armor.decode(readFileSync(0, "utf8"))));
  } else {
    throw new Error(`unknown command ${command}`);
  }
} catch (e) {
  process.stderr.write(`age.mjs: ${e.message}\n`);
  process.exit(1);
}
