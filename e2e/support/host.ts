// SPDX-License-Identifier: EUPL-1.2
// A municipality's homepage on another loopback port (so another origin than the portal),
// with hostile CSS: a global `all: unset`, Bootstrap, a 30 px root font size and loud
// element rules. It embeds the portal with `embed.js` as the documentation says, with the
// attributes given in its query string (`?embed=1&mode=iframe&history=hash&ars=…`). Like
// many CMS pages it has a `<base href="/">`.
import { createServer, Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const BOOTSTRAP = resolve(ROOT, 'node_modules', 'bootstrap', 'dist', 'css', 'bootstrap.min.css');

export const HOSTILE_CSS = `
*, *::before, *::after { all: unset; }
head, script, style, link, title, meta { display: none; }
html { font-size: 30px; }
body { display: block; font-family: "Comic Sans MS", cursive; color: #c00000; line-height: 3; background: #ffffe0; }
h1 { display: block; font-size: 2rem; font-weight: 900; text-transform: uppercase; }
p, div, main, header, footer, section, form, nav, ul, ol, li { display: block; padding: 3px; }
a { color: #008000 !important; text-decoration: line-through; }
button, input, select, textarea { display: inline-block; border: 5px solid orange; background: hotpink !important; font-size: 40px; }
label { display: block; font-style: italic; }
h2 { display: block; color: purple; }
`;

const ATTRIBUTES = ['api', 'ars', 'services', 'lang', 'mode', 'history', 'start', 'title'];

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function hostPage(portal: string, query: URLSearchParams): string {
  const embed = query.has('embed')
    ? `<script type="module" src="${escapeHtml(portal)}/embed.js"></script>
       <buergerportal-embed ${ATTRIBUTES.filter((a) => query.has(a))
         .map((a) => `${a}="${escapeHtml(query.get(a)!)}"`)
         .join(' ')}></buergerportal-embed>`
    : '';
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<!-- As many CMS do: relative URLs, a bare "#x" among them, resolve against the home page. -->
<base href="/">
<title>Gemeinde Musterhausen</title>
<link rel="stylesheet" href="/bootstrap.min.css">
<style>${HOSTILE_CSS}</style>
</head>
<body>
<header id="host-header"><h1 id="host-heading">Gemeinde Musterhausen</h1></header>
<main id="host-main">
<p id="host-text">Willkommen auf der Seite der Gemeinde. <a id="host-link" href="/impressum">Impressum</a></p>
<form id="host-form"><label for="host-input">Suche</label><input id="host-input" name="q"><button id="host-button" type="button" class="btn btn-primary">Suchen</button></form>
<div id="host-slot">${embed}</div>
</main>
<footer id="host-footer"><p>Musterhausen</p></footer>
</body>
</html>`;
}

export interface HostPage {
  url: string;
  origin: string;
  stop(): Promise<void>;
}

/** Serves the host page for the portal at `portal` on `port` (0: any free port). */
export async function startHostPage(portal: string, port = 0): Promise<HostPage> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    if (url.pathname === '/bootstrap.min.css') {
      response.writeHead(200, { 'Content-Type': 'text/css' });
      response.end(readFileSync(BOOTSTRAP));
    } else if (url.pathname === '/host.html') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(hostPage(portal, url.searchParams));
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', () => done()));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const origin = `http://127.0.0.1:${actual}`;
  return {
    url: `${origin}/host.html`,
    origin,
    stop: () => new Promise((done) => server.close(() => done())),
  };
}
