// Renders public/icons/icon.svg to the PNG sizes the web app manifest lists (run once after changing
// the SVG): npx tsx scripts/make-icons.ts
import { readFileSync } from 'node:fs';
import { openBrowser } from '../tests/e2e/harness';

const svg = readFileSync('public/icons/icon.svg', 'utf8');
for (const size of [192, 512]) {
  const b = await openBrowser(size, size);
  try {
    await b.page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await b.page.screenshot({
      path: `public/icons/icon-${size}.png`,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
  } finally {
    await b.close();
  }
}
console.log('wrote public/icons/icon-192.png and icon-512.png');
