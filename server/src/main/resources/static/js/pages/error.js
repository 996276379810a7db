/** The friendly error page the server shows browsers: a sentence that fits the status. */

import { $ } from '../dom.js';
import { translate } from '../i18n.js';
import { startPage, ready } from '../page.js';

/** The HTTP status of this page's own response (Chromium and Firefox tell us; others do not). */
function status() {
  const [navigation] = performance.getEntriesByType('navigation');
  return navigation && navigation.responseStatus ? navigation.responseStatus : 0;
}

async function main() {
  await startPage();
  const code = status();
  if (code === 404) {
    translate($('#title'), 'errorPage.notFoundTitle');
    translate($('#explanation'), 'errorPage.notFound');
  } else if (code === 403) {
    translate($('#explanation'), 'errorPage.forbidden');
  } else if (code === 413) {
    translate($('#explanation'), 'errorPage.tooLarge');
  } else if (code >= 400 && code < 500) {
    translate($('#explanation'), 'errorPage.badRequest');
  }
}

main().finally(ready);
