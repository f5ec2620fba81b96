// Shared by the live page and the call page: Hebrew labels, and numbers and ids isolated left-to-right.
'use strict';

const STATES = {
  'in-progress': 'בשיחה',
  'caller-hung-up': 'המתקשר ניתק',
  'agent-ended': 'הסוכן סיים',
  'failed': 'נכשלה'
};

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text; // never innerHTML: texts come from callers
  if (className) node.className = className;
  return node;
}

/** A number or id inside Hebrew text: its own left-to-right island. */
function ltr(text, className) {
  const node = el('bdi', text, 'ltr' + (className ? ' ' + className : ''));
  node.dir = 'ltr';
  return node;
}

function ms(value) {
  return value === null || value === undefined ? '–' : value + ' ms';
}

/** "stt 420 · dialog 310 · tts 180" (wait and work of each stage). */
function stagesText(stages) {
  return (stages || []).map(s => s.stage + ' ' + (s.waitMs + s.workMs)).join(' · ');
}
