import { openBrowser } from '/work/main/tests/e2e/harness';

const b = await openBrowser();
await b.page.goto('http://127.0.0.1:5199/');
await b.page.waitForTimeout(4000);
console.log(b.errors.slice(0, 3).join('\n---\n').slice(0, 3000));
await b.page.screenshot({ path: '/tmp/dev.png' });
await b.close();
