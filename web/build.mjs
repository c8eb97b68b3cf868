// Bundles the dashboard (dist/ui: index.html + content-hashed app.<hash>.js/.css, cacheable forever) and
// the report page (dist/report: report.js + report.css, inlined into report files by `analyze --report`).
import { build } from 'esbuild';
import { rm, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
};

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'ui'), { recursive: true });

const ui = await build({
  ...common,
  entryPoints: { app: join(root, 'src/main.js') },
  outdir: join(dist, 'ui'),
  entryNames: '[name].[hash]',
});
const outputs = Object.keys(ui.metafile.outputs).map((p) => basename(p));
const js = outputs.find((f) => /^app\.[A-Z0-9]+\.js$/.test(f));
const css = outputs.find((f) => /^app\.[A-Z0-9]+\.css$/.test(f));
if (!js || !css) throw new Error(`esbuild wrote ${outputs.join(', ')}: expected app.<hash>.js and app.<hash>.css`);

// No inline script or style: the CSP allows 'self' only.
await writeFile(join(dist, 'ui', 'index.html'), `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bench</title>
<link rel="stylesheet" href="/ui/${css}">
<script src="/ui/${js}" defer></script>
</head>
<body>
<noscript>The Bench dashboard needs JavaScript.</noscript>
</body>
</html>
`);

await build({
  ...common,
  entryPoints: { report: join(root, 'src/report.js') },
  outdir: join(dist, 'report'),
  entryNames: '[name]',
});

console.log(`web: dist/ui/index.html, ${js}, ${css}; dist/report/report.js, report.css`);
