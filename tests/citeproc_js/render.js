// The reference CSL processor (citeproc-js) as a judge: renders a bibliography from CSL-JSON.
//
// Reads one JSON request on stdin:
//   {"style": "<path of a .csl file>", "lang": "en-US" | null,
//    "locales": ["<dir>", ...], "items": [<CSL-JSON item>, ...], "formats": ["text", "html"]}
// and writes one JSON answer on stdout:
//   {"entries": {"text": [{"id": ..., "label": ..., "body": ...}, ...], "html": [...]},
//    "error": null | "<message>"}
// Locales are looked up as locales-<lang>.xml in the given directories, first match wins, so
// the caller decides which locale files both processors read. Entries keep citeproc-js's
// bibliography order; the caller matches them with its own by item id.
"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

function readLocale(dirs, lang) {
  for (const dir of dirs) {
    const file = path.join(dir, `locales-${lang}.xml`);
    if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
  }
  return false;
}

function split(entry, format) {
  // With second-field-align, citeproc-js puts the label in its own element.
  if (format === "html") {
    const inner = entry.trim().replace(/^<div class="csl-entry">/, "").replace(/<\/div>$/, "");
    const m = inner.match(
      /^\s*<div class="csl-left-margin">([\s\S]*?)<\/div><div class="csl-right-inline">([\s\S]*?)<\/div>\s*$/
    );
    if (m) return { label: m[1].trim(), body: m[2].trim() };
    const alone = inner.match(/^\s*<div class="csl-left-margin">([\s\S]*?)<\/div>\s*$/);
    if (alone) return { label: alone[1].trim(), body: "" };
    return { label: "", body: inner.trim() };
  }
  return { label: "", body: entry.trim() };
}

function main() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const byId = new Map(request.items.map((item) => [String(item.id), item]));
  const sys = {
    retrieveLocale: (lang) => readLocale(request.locales, lang),
    retrieveItem: (id) => byId.get(String(id)),
  };
  const answer = { entries: {}, error: null };
  try {
    const styleXml = fs.readFileSync(request.style, "utf8");
    for (const format of request.formats || ["text", "html"]) {
      const engine = new CSL.Engine(sys, styleXml, request.lang || undefined, !!request.lang);
      engine.setOutputFormat(format);
      engine.updateItems([...byId.keys()]);
      const result = engine.makeBibliography();
      const out = [];
      if (result) {
        const [params, entries] = result;
        params.entry_ids.forEach((ids, index) => {
          // an entry citeproc-js could not print is left out (the comparison counts it)
          if (typeof entries[index] === "string") {
            out.push({ id: String(ids[0]), ...split(entries[index], format) });
          }
        });
      }
      answer.entries[format] = out;
    }
  } catch (error) {
    answer.error = String((error && error.stack) || error);
  }
  process.stdout.write(JSON.stringify(answer));
}

main();
