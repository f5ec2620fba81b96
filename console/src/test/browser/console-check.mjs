// Drives Debian's chromium (headless) against a running console, as an analyst would use it:
//   node console-check.mjs <console base URL> <token> <caller text> <reply text>
// Logs in, opens the live page and prints the line READY once its live stream is open; the test then places a
// call. Checks: the call appears on the open page with its transcript (pushed over the live stream: it did not
// exist when the page loaded); the page is right-to-left; the call's page shows the turn table and the
// recording's player; without the login every page and the API are refused (401) and show nothing of the call.
// Prints the findings as one JSON line; exit 0 = every step could be done (the Java test judges the findings).
import { chromium } from 'playwright-core';

const [base, token, callerText, replyText] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT = 60_000;
// Optional: where to save what the pages looked like (live.png, call.png), for a person to look at.
const screenshots = process.env.CONSOLE_SCREENSHOT_DIR;

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const result = {};
try {
  const page = await (await browser.newContext({ locale: 'he-IL' })).newPage();
  page.setDefaultTimeout(TIMEOUT);

  // The login form turns the token into the session cookie.
  await page.goto(base + '/login');
  await page.fill('#token', token);
  await Promise.all([page.waitForURL(base + '/'), page.click('button[type=submit]')]);
  await page.locator('#connection.open').waitFor();
  result.callsWhenOpened = await page.locator('article.call').evaluateAll(cards => cards.map(c => c.dataset.callSid));
  console.log('READY');

  // The call arrives over the live stream with its transcript.
  const card = page.locator('article.call', { has: page.locator('.caller-text', { hasText: callerText }) }).first();
  await card.waitFor();
  await card.locator('.reply-text', { hasText: replyText }).first().waitFor();
  result.callSid = await card.getAttribute('data-call-sid');
  result.liveCallerText = await card.locator('.caller-text').last().textContent();
  result.liveReplyText = await card.locator('.reply-text').last().textContent();
  // The turn's latency comes with its timeline (voice.turns), once the reply has been played.
  await card.locator('.stages', { hasText: /\d+ ms/ }).first().waitFor();
  result.liveLatency = await card.locator('.stages', { hasText: /\d+ ms/ }).first().textContent();
  result.pageDirection = await page.evaluate(() => getComputedStyle(document.body).direction);
  result.pageLang = await page.evaluate(() => document.documentElement.lang);
  // In one step inside the page: a live update may redraw the card between finding an element and reading it.
  const directions = await page.evaluate(sid => {
    const box = document.querySelector(`article.call[data-call-sid="${sid}"]`);
    return { transcript: getComputedStyle(box.querySelector('.caller-text')).direction,
      callSid: getComputedStyle(box.querySelector('.call-sid')).direction };
  }, result.callSid);
  result.transcriptDirection = directions.transcript;
  result.callSidDirection = directions.callSid;
  result.histogramBars = await page.locator('#histogram .bar').count();
  await page.waitForFunction(() => [...document.querySelectorAll('#histogram .count')]
    .reduce((a, e) => a + Number(e.textContent), 0) > 0);
  result.histogramTurns = (await page.locator('#histogram .count').allTextContents()).reduce((a, b) => a + Number(b), 0);

  if (screenshots) await page.screenshot({ path: screenshots + '/live.png', fullPage: true });

  // The call's page: the turn table and the recording.
  await Promise.all([page.waitForURL('**/calls/**'), card.locator('a').first().click()]);
  await page.locator('#turns td.caller-text', { hasText: callerText }).first().waitFor();
  result.turnRows = await page.locator('#turns tbody tr').count();
  result.tableCallerTexts = await page.locator('#turns td.caller-text').allTextContents();
  result.tableReplyTexts = await page.locator('#turns td.reply-text').allTextContents();
  result.tableDirection = await page.locator('#turns').evaluate(e => getComputedStyle(e).direction);
  result.audioSource = await page.locator('audio#recording').getAttribute('src');
  if (screenshots) await page.screenshot({ path: screenshots + '/call.png', fullPage: true });
  const recording = await page.request.get(base + result.audioSource);
  const wav = await recording.body();
  result.recordingStatus = recording.status();
  result.recordingType = recording.headers()['content-type'];
  result.recordingRiff = wav.subarray(0, 4).toString('latin1');
  result.recordingChannels = wav.readUInt16LE(22);

  // Without the login (a fresh browser context: no cookie): refused, and nothing of the call.
  const stranger = await (await browser.newContext()).newPage();
  const refused = await stranger.goto(base + '/');
  result.unauthenticatedStatus = refused.status();
  result.unauthenticatedShowsCall = (await stranger.content()).includes(result.callSid);
  result.unauthenticatedCallPageStatus = (await stranger.goto(base + '/calls/' + encodeURIComponent(result.callSid))).status();
  const api = await stranger.request.get(base + '/api/calls/' + encodeURIComponent(result.callSid));
  result.unauthenticatedApiStatus = api.status();
  result.unauthenticatedApiShowsCall = (await api.text()).includes(callerText);
  result.unauthenticatedEventsStatus = (await stranger.request.get(base + '/api/events', { timeout: 10_000 })).status();
} catch (e) {
  result.error = String((e && e.stack) || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.error ? 1 : 0);
