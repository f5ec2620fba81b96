// The call page: the turn table and the stereo recording; redrawn when the live stream says the call changed.
'use strict';

const callSid = decodeURIComponent(location.pathname.split('/').pop());

function drawTurns(view) {
  document.getElementById('call-sid').textContent = view.callSid;
  const summary = document.getElementById('summary');
  summary.replaceChildren(el('span', (STATES[view.ended] || view.ended) + ' · משך: '), ltr(ms(view.durationMs)),
    el('span', ' · התחילה: '), ltr(view.startedAt));
  const body = document.querySelector('#turns tbody');
  body.replaceChildren(...view.turns.map(turn => {
    const row = el('tr');
    row.append(el('td', String(turn.turn)), el('td', turn.callerText, 'caller-text'), el('td', turn.replyText, 'reply-text'),
      el('td', turn.heardText), el('td'), el('td'));
    row.children[4].append(ltr(ms(turn.latencyMs)));
    row.children[5].append(ltr(stagesText(turn.stages)));
    return row;
  }));
}

async function load() {
  const response = await fetch('/api/calls/' + encodeURIComponent(callSid));
  if (!response.ok) {
    document.getElementById('summary').textContent = response.status === 404 ? 'השיחה לא נמצאה.' : 'שגיאה ' + response.status;
    return;
  }
  drawTurns(await response.json());
  const audio = document.getElementById('recording');
  if (audio.paused) audio.src = '/api/calls/' + encodeURIComponent(callSid) + '/recording.wav?at=' + Date.now();
}

load();
const source = new EventSource('/api/events');
source.addEventListener('call', e => {
  if (JSON.parse(e.data).callSid === callSid) load();
});
