// The live page: one EventSource; "snapshot" draws everything, "call" redraws one call, "histogram" the chart.
'use strict';

const cards = new Map();

function drawCall(card) {
  const box = el('article', null, 'call' + (card.live ? ' live' : ''));
  box.dataset.callSid = card.callSid;
  const title = el('div', null, 'title');
  const link = el('a');
  link.href = '/calls/' + encodeURIComponent(card.callSid);
  link.append(ltr(card.callSid, 'call-sid'));
  title.append(link, el('span', STATES[card.state] || card.state, 'state'));
  const turns = el('span', 'תורות: ');
  turns.append(ltr(String(card.turns)));
  const p50 = el('span', 'חציון תגובה: ');
  p50.append(ltr(ms(card.latencyP50Ms)));
  const started = el('span', 'התחילה: ');
  started.append(ltr(new Date(card.startedAt).toLocaleTimeString('he-IL')));
  title.append(turns, p50, started);
  box.append(title);
  for (const turn of card.lastTurns) {
    const row = el('div', null, 'turn');
    row.append(el('div', 'מתקשר: ' + (turn.callerText || '—'), 'caller-text'));
    row.append(el('div', 'סוכן: ' + (turn.replyText || '—'), 'reply-text'));
    const latency = el('div', 'זמן תגובה: ', 'stages');
    latency.append(ltr(ms(turn.latencyMs)), ' ', ltr(stagesText(turn.stages)));
    row.append(latency);
    box.append(row);
  }
  return box;
}

function drawCalls() {
  const list = document.getElementById('calls');
  const sorted = [...cards.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  list.replaceChildren(...sorted.map(drawCall));
  document.getElementById('empty').hidden = sorted.length > 0;
}

function drawHistogram(buckets) {
  const chart = document.getElementById('histogram');
  const top = Math.max(1, ...buckets.map(b => b.count));
  chart.replaceChildren(...buckets.map(b => {
    const bar = el('div', null, 'bar');
    const fill = el('div', null, 'fill');
    fill.style.height = (100 * b.count / top) + '%';
    bar.title = b.count + ' turns';
    bar.append(el('span', String(b.count), 'count'), fill,
      ltr(b.toMs === null ? '≥ ' + b.fromMs + ' ms' : '< ' + b.toMs + ' ms', 'label'));
    return bar;
  }));
}

function connect() {
  const status = document.getElementById('connection');
  const source = new EventSource('/api/events');
  source.onopen = () => { status.textContent = 'מחובר – מתעדכן בזמן אמת'; status.className = 'connection open'; };
  source.onerror = () => { status.textContent = 'החיבור נותק, מתחבר מחדש…'; status.className = 'connection'; };
  source.addEventListener('snapshot', e => {
    const snapshot = JSON.parse(e.data);
    cards.clear();
    snapshot.calls.forEach(c => cards.set(c.callSid, c));
    drawCalls();
    drawHistogram(snapshot.histogram);
  });
  source.addEventListener('call', e => {
    const card = JSON.parse(e.data);
    cards.set(card.callSid, card);
    drawCalls();
  });
  source.addEventListener('histogram', e => drawHistogram(JSON.parse(e.data)));
}

connect();
