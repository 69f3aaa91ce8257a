// SPDX-License-Identifier: EUPL-1.2
// Reads `cargo test --no-run --message-format=json` on stdin and prints the test
// executables of the package named as the first argument, one per line.
import { createInterface } from "node:readline";

const wanted = process.argv[2];
if (!wanted) {
  console.error("usage: cargo test --no-run --message-format=json | node test-binaries.mjs PACKAGE");
  process.exit(2);
}
for await (const line of createInterface({ input: process.stdin })) {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    continue; // cargo prints only JSON here, but a stray line must not stop the list
  }
  if (message.reason !== "compiler-artifact" || !message.executable || !message.profile?.test) continue;
  // package_id: "path+file:///…/crates/central-api#0.1.0" or "central-api 0.1.0 (…)"
  const id = message.package_id ?? "";
  const name = id.includes("#") ? id.split("#")[0].split("/").pop() : id.split(" ")[0];
  const version = id.includes("#") ? id.split("#")[1] : "";
  if (name === wanted || version.startsWith(`${wanted}@`)) console.log(message.executable);
}
