// KIM-Planung: the demo web form of kim-wasm.
//
// The page holds a kim.plan.v1 document and edits it field by field. Every number it shows
// comes from kim-core through the wasm calls: parsing and formatting (parseFte, parseEuro,
// formatFte, formatEuro), checking and computing (evaluatePlan, validatePlan), labels
// (vocabulary) and the messages of violations. The page itself knows no rule.
//
// Field ↔ path: every input carries the document path it edits (data-path, kim path syntax
// such as `forwardings[1].fte`). A violation is shown at the input with its exact path, else
// at the nearest enclosing row or section (see PATH_ALIASES and slotFor), else in the list of
// "Weitere Meldungen".

const PKG = '../pkg/web/kim_wasm.js';

let kim = null; // the wasm module's exports

// ---------------------------------------------------------------------------------------
// UI texts (not domain labels: those come from vocabulary()).

const UI = {
  de: {
    skip: 'Zum Formular springen', tools: 'Werkzeuge', language: 'Sprache',
    subtitle: 'Kommunales Integrationsmanagement NRW: geförderte Stellen, Weiterleitungen und Verteilung eines Jahres. Alle Berechnungen laufen im Browser; keine Daten verlassen diesen Rechner.',
    loadExample: 'Beispiel laden', newPlan: 'Neuer Plan', export: 'JSON exportieren', import: 'JSON importieren',
    hAuthority: 'Träger der Förderung und Jahr', hFunded: 'Geförderte Stellen (VZÄ je Stellenart)',
    hForwardings: 'Weiterleitungen', hDistribution: 'Verteilung der Case-Management-Stellen auf die Kommunen',
    hOther: 'Weitere Meldungen', otherHint: 'Meldungen zu Teilen des Plans, die dieses Formular nicht bearbeitet (z. B. Besetzung, eigene Kosten).',
    hTotals: 'Summen', hCheck: 'Prüfung', hExplain: 'Erklärung', explainPick: 'Betrag auswählen',
    footer: 'Regeln, Sätze und Meldungen kommen aus kim-core (WebAssembly). Diese Seite rechnet nichts selbst.',
    side: 'Ergebnis',
    authorityKind: 'Art', authorityName: 'Name', authorityId: 'Kennung (Gemeindeschlüssel, optional)', year: 'Jahr',
    mode: 'Fehlende Fördersätze', proRata: 'Anteilige Berechnung',
    kind: 'Stellenart', fte: 'VZÄ', perFte: 'Satz je VZÄ', amount: 'Betrag', remove: 'Entfernen',
    removeFunded: (n) => `Geförderte Stellen, Zeile ${n}, entfernen`,
    addFunded: 'Stellenart hinzufügen', grantTotal: 'Landesförderung gesamt', period: 'Zeitraum',
    forwarding: (n, name) => `Weiterleitung ${n}${name ? ': ' + name : ''}`,
    fwdId: 'Kennung', recipient: 'Empfänger', recipientKind: 'Art des Empfängers', basis: 'Berechnung',
    capPerFte: 'Obergrenze je VZÄ (€)', flatPerFte: 'Betrag je VZÄ (€)', actualCost: 'Tatsächliche Personalkosten (€, optional)',
    topUp: 'Zuschuss je VZÄ aus Kreismitteln (€, optional)', topUpPolicy: 'Zuschussregel',
    removeForwarding: (n) => `Weiterleitung ${n} entfernen`, addForwarding: 'Weiterleitung hinzufügen',
    onward: (n) => `${n} weitere Weiterleitung(en) in der Kette (unverändert übernommen)`,
    noForwardings: 'Keine Weiterleitungen.',
    noDistribution: 'Dieser Plan enthält keine Verteilung auf die Kommunen.', addDistribution: 'Verteilung anlegen',
    removeDistribution: 'Verteilung entfernen', distBasis: 'Grundlage', stichtag: 'Stichtag', method: 'Verfahren',
    step: 'Schrittweite (VZÄ)', minimum: 'Mindestanteil (VZÄ)', belowMinimum: 'Anteile unter dem Mindestanteil',
    distTotal: 'Zu verteilende VZÄ (leer: automatisch)', automatic: (v) => `automatisch: ${v}`,
    unit: 'Kommune', weightAzr: 'AZR-Zahl', weightPopulation: 'Einwohner', weightFixed: 'Anteil (VZÄ, fest)',
    quota: 'Quote (VZÄ)', share: 'Anteil (VZÄ)', removeUnit: (n) => `Kommune ${n} entfernen`, addUnit: 'Kommune hinzufügen',
    distSum: (s, t) => `Verteilt: ${s} von ${t} VZÄ`,
    shareOf: (u) => `Anteil von ${u}`,
    noTotals: 'Keine Summen: bitte zuerst die Fehler beheben.', unknown: 'unbekannt',
    staleTotals: (n) => `Nicht aktuell: ${n} Eingabe(n) konnten nicht gelesen werden; die Summen beruhen auf dem letzten gültigen Wert.`,
    ownShareOf: (name) => `Eigenanteil ${name}`, surplusAt: (name) => `Mittel über den Kosten bei ${name}`,
    explainFor: (what) => `Erklärung: ${what}`,
    checkOk: 'Keine Fehler.', checkCounts: (e, w) => `${e} Fehler, ${w} Warnung(en)/Hinweis(e).`,
    checkOkWarn: (w) => `Keine Fehler; ${w} Warnung(en)/Hinweis(e).`,
    explainNone: 'Einen Betrag anklicken oder oben auswählen.', explainGone: 'Dieser Betrag wird zurzeit nicht berechnet.',
    formula: 'Formel', inputs: 'Eingaben', rule: 'Regel', parameters: 'Parameter', source: 'Quelle', proRataL: 'Anteil des Jahres',
    result: 'Ergebnis', steps: 'Teilschritte', validFrom: 'gültig ab', validTo: 'bis',
    exported: (f) => `Exportiert: ${f}`, exportedStale: (f, n) => `Exportiert: ${f} – Achtung: ${n} fehlerhafte Eingabe(n) sind nicht enthalten (letzter gültiger Wert).`,
    imported: (f) => `Importiert: ${f}`, importFailed: (f) => `Import von ${f} fehlgeschlagen:`,
    notJson: (d) => `Die Datei ist kein gültiges JSON (${d}).`, notObject: 'Die Datei enthält kein JSON-Objekt.',
    exampleLoaded: 'Beispiel geladen: Kreis Heinsberg 2023.', newLoaded: 'Neuer, leerer Plan.',
    pkgMissing: 'Das WebAssembly-Paket fehlt oder lädt nicht (pkg/web/kim_wasm.js). Bitte kim-wasm/scripts/build.sh ausführen.',
    evalFailed: 'Der Plan konnte nicht ausgewertet werden:',
    fieldOf: (p) => `Feld ${p}`,
  },
  en: {
    skip: 'Skip to the form', tools: 'Tools', language: 'Language',
    subtitle: 'Municipal integration management (KIM) in NRW: funded posts, forwardings and the distribution of one year. Everything is computed in the browser; no data leaves this computer.',
    loadExample: 'Load example', newPlan: 'New plan', export: 'Export JSON', import: 'Import JSON',
    hAuthority: 'Funded authority and year', hFunded: 'Funded posts (FTE per kind of post)',
    hForwardings: 'Forwardings', hDistribution: 'Distribution of the case-management posts among the Kommunen',
    hOther: 'Other messages', otherHint: 'Messages about parts of the plan this form does not edit (e.g. staffing, own costs).',
    hTotals: 'Totals', hCheck: 'Check', hExplain: 'Explanation', explainPick: 'Choose an amount',
    footer: 'Rules, rates and messages come from kim-core (WebAssembly). This page computes nothing itself.',
    side: 'Result',
    authorityKind: 'Kind', authorityName: 'Name', authorityId: 'Id (municipality key, optional)', year: 'Year',
    mode: 'Missing rates', proRata: 'Pro-rating',
    kind: 'Kind of post', fte: 'FTE', perFte: 'Rate per FTE', amount: 'Amount', remove: 'Remove',
    removeFunded: (n) => `Remove funded posts, row ${n}`,
    addFunded: 'Add kind of post', grantTotal: 'Grant in total', period: 'Period',
    forwarding: (n, name) => `Forwarding ${n}${name ? ': ' + name : ''}`,
    fwdId: 'Id', recipient: 'Recipient', recipientKind: 'Kind of recipient', basis: 'Basis',
    capPerFte: 'Cap per FTE (€)', flatPerFte: 'Amount per FTE (€)', actualCost: 'Actual personnel cost (€, optional)',
    topUp: 'Top-up per FTE from own funds (€, optional)', topUpPolicy: 'Top-up policy',
    removeForwarding: (n) => `Remove forwarding ${n}`, addForwarding: 'Add forwarding',
    onward: (n) => `${n} further forwarding(s) in the chain (kept unchanged)`,
    noForwardings: 'No forwardings.',
    noDistribution: 'This plan has no distribution among the Kommunen.', addDistribution: 'Add distribution',
    removeDistribution: 'Remove distribution', distBasis: 'Basis', stichtag: 'Reference date', method: 'Method',
    step: 'Step (FTE)', minimum: 'Minimum share (FTE)', belowMinimum: 'Shares below the minimum',
    distTotal: 'FTE to distribute (empty: automatic)', automatic: (v) => `automatic: ${v}`,
    unit: 'Kommune', weightAzr: 'AZR count', weightPopulation: 'Population', weightFixed: 'Share (FTE, fixed)',
    quota: 'Quota (FTE)', share: 'Share (FTE)', removeUnit: (n) => `Remove Kommune ${n}`, addUnit: 'Add Kommune',
    distSum: (s, t) => `Distributed: ${s} of ${t} FTE`,
    shareOf: (u) => `Share of ${u}`,
    noTotals: 'No totals: please fix the errors first.', unknown: 'unknown',
    staleTotals: (n) => `Not current: ${n} input(s) could not be read; the totals use the last valid value.`,
    ownShareOf: (name) => `Own share ${name}`, surplusAt: (name) => `Money above the cost at ${name}`,
    explainFor: (what) => `Explanation: ${what}`,
    checkOk: 'No errors.', checkCounts: (e, w) => `${e} error(s), ${w} warning(s)/note(s).`,
    checkOkWarn: (w) => `No errors; ${w} warning(s)/note(s).`,
    explainNone: 'Click an amount or choose one above.', explainGone: 'This amount is not computed at the moment.',
    formula: 'Formula', inputs: 'Inputs', rule: 'Rule', parameters: 'Parameters', source: 'Source', proRataL: 'Share of the year',
    result: 'Result', steps: 'Steps', validFrom: 'valid from', validTo: 'to',
    exported: (f) => `Exported: ${f}`, exportedStale: (f, n) => `Exported: ${f} – note: ${n} input(s) with errors are not included (last valid value).`,
    imported: (f) => `Imported: ${f}`, importFailed: (f) => `Import of ${f} failed:`,
    notJson: (d) => `The file is not valid JSON (${d}).`, notObject: 'The file does not hold a JSON object.',
    exampleLoaded: 'Example loaded: Kreis Heinsberg 2023.', newLoaded: 'New, empty plan.',
    pkgMissing: 'The WebAssembly package is missing or does not load (pkg/web/kim_wasm.js). Run kim-wasm/scripts/build.sh.',
    evalFailed: 'The plan could not be evaluated:',
    fieldOf: (p) => `field ${p}`,
  },
};

// Where a violation path names something the form edits through another field.
// [pattern, replacement]; after this, slotFor() walks up the path to the nearest row/section.
const PATH_ALIASES = [
  [/^forwardings\[(\d+)\]\.to$/, 'forwardings[$1].to.name'], // V015: recipient appears twice in a chain
  [/^authority(\.kind|\.id)?$/, 'authority.name'],
  [/^schema_version$/, ''],
];

// Trace node behind each total (ids of evaluation.trace).
const TOTAL_TRACE = { land_money: 'grant', forwarded: 'totals', retained_by_authority: 'totals', top_ups: null };

// ---------------------------------------------------------------------------------------
// State

const state = {
  doc: null,          // the kim.plan.v1 document being edited
  lang: 'de',
  ev: null,           // the last evaluation (null when it could not be computed)
  inputErrors: new Map(), // path → { text, violation } for text the core could not read
  traceId: null,      // selected amount in the Erklärung panel
  status: null,       // () => text of the line above the form (load, export, import)
  vocab: null,        // { lists: Map(name → Map(code → entry)), terms: Map(key → term) }
};

const $ = (sel) => document.querySelector(sel);
const t = (key, ...args) => {
  const v = UI[state.lang][key] ?? UI.de[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
};
const locale = () => state.lang; // number notation follows the language: "de" or "en"

// ---------------------------------------------------------------------------------------
// Small DOM helper

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// ---------------------------------------------------------------------------------------
// Paths (kim syntax: a.b[1].c)

function splitPath(path) {
  const out = [];
  for (const part of path.split('.')) {
    const m = part.match(/^([^[\]]*)((?:\[\d+\])*)$/);
    if (!m) { out.push(part); continue; }
    if (m[1]) out.push(m[1]);
    for (const ix of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(ix[1]));
  }
  return out;
}

function getAt(obj, path) {
  let cur = obj;
  for (const k of splitPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[k];
  }
  return cur;
}

function setAt(obj, path, value) {
  const keys = splitPath(path);
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = typeof keys[i + 1] === 'number' ? [] : {};
    cur = cur[k];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

function parentPath(p) {
  if (p === '') return null;
  const m = p.match(/^(.*)(\[\d+\]|\.[^.[\]]+)$/);
  return m ? m[1] : '';
}

const idOf = (path) => 'f-' + (path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '') || 'doc');

// ---------------------------------------------------------------------------------------
// Wasm results, normalised

// KimError and validatePlan: { message (English), messageDe }; an Evaluation: the core's
// { message_en, message_de }.
function msgOf(v) {
  return {
    code: v.code,
    path: v.path ?? '',
    severity: v.severity ?? 'error',
    en: v.message ?? v.message_en ?? v.messageEn ?? '',
    de: v.messageDe ?? v.message_de ?? v.message ?? '',
    params: v.params ?? {},
  };
}

function violationsOfError(e) {
  if (e && Array.isArray(e.violations) && e.violations.length) return e.violations.map(msgOf);
  return [{ code: e?.code ?? 'Error', path: e?.path ?? '', severity: 'error', en: String(e?.message ?? e), de: String(e?.message ?? e), params: {} }];
}

function buildVocab(raw) {
  const lists = new Map();
  const terms = new Map();
  const listArr = Array.isArray(raw) ? raw : (raw?.vocabularies ?? raw?.lists ?? raw?.codes ?? []);
  for (const v of listArr) lists.set(v.name, new Map((v.values ?? []).map((e) => [String(e.code), e])));
  for (const term of (Array.isArray(raw) ? [] : (raw?.terms ?? []))) terms.set(term.key, term);
  return { lists, terms };
}

const labelOf = (e) => (e ? (state.lang === 'en' ? e.label_en : e.label_de) : undefined);
function codeLabel(list, code) {
  return labelOf(state.vocab.lists.get(list)?.get(String(code))) ?? String(code);
}
function term(key, fallback) {
  return labelOf(state.vocab.terms.get(key)) ?? fallback ?? key;
}
function codeOptions(list, only) {
  const entries = [...(state.vocab.lists.get(list)?.values() ?? [])];
  return entries.filter((e) => !only || only.includes(e.code)).map((e) => [e.code, labelOf(e)]);
}

function euro(v) {
  if (v === undefined || v === null) return t('unknown');
  try { return kim.formatEuro(String(v), locale()); } catch { return String(v); }
}
function fte(v) {
  if (v === undefined || v === null) return '—';
  try { return kim.formatFte(String(v), locale()); } catch { return String(v); }
}

// ---------------------------------------------------------------------------------------
// Field kinds: how the text of an input becomes a document value and back.

const KINDS = {
  fte: {
    read: (text) => kim.parseFte(text, locale()),
    show: (v) => (v === undefined ? '' : fte(v)),
    inputmode: 'decimal',
  },
  fteOpt: {
    read: (text) => (text.trim() === '' ? undefined : kim.parseFte(text, locale())),
    show: (v) => (v === undefined ? '' : fte(v)),
    inputmode: 'decimal',
  },
  euro: {
    read: (text) => kim.parseEuro(text, locale()),
    show: (v) => (v === undefined ? '' : euro(v)),
    inputmode: 'decimal',
  },
  euroOpt: {
    read: (text) => (text.trim() === '' ? undefined : kim.parseEuro(text, locale())),
    show: (v) => (v === undefined ? '' : euro(v)),
    inputmode: 'decimal',
  },
  // weights of a distribution (AZR counts, population): any non-negative decimal. The
  // core's euro reader accepts the locale's grouping and decimal mark; ".00" is not kept.
  weight: {
    read: (text) => String(kim.parseEuro(text, locale())).replace(/\.00$/, ''),
    show: (v) => (v === undefined ? '' : (/^\d+$/.test(String(v)) ? String(v) : fte(v))),
    inputmode: 'decimal',
  },
  // a whole number goes in as a number; anything else as text, which the core reports
  year: {
    read: (text) => (/^\s*-?\d{1,9}\s*$/.test(text) ? Number(text) : text),
    show: (v) => (v === undefined ? '' : String(v)),
    inputmode: 'numeric',
  },
  text: { read: (text) => text, show: (v) => v ?? '' },
  textOpt: { read: (text) => (text.trim() === '' ? undefined : text), show: (v) => v ?? '' },
  date: { read: (text) => text, show: (v) => v ?? '' },
};

// ---------------------------------------------------------------------------------------
// Slots: where messages go. Filled while rendering.

let slots = new Map(); // path → { list: <ul>, input?: element }

function msgList(path) {
  const ul = h('ul', { class: 'msgs', id: 'm-' + idOf(path).slice(2), dataset: { slot: path } });
  return ul;
}

// Several paths may share one list (a section's messages); they share one slot then.
function registerSlot(path, list, input) {
  const same = [...slots.values()].find((s) => s.list === list);
  if (same) { if (input) same.input = input; slots.set(path, same); } else slots.set(path, { list, input });
}

// A labelled input bound to a document path, with its message list.
function field(path, kind, label, opts = {}) {
  const id = idOf(path);
  const k = KINDS[kind];
  const pending = state.inputErrors.get(path);
  const value = pending ? pending.text : k.show(getAt(state.doc, path));
  const list = msgList(path);
  const hintId = opts.hint ? id + '-hint' : null;
  const input = h('input', {
    id, type: kind === 'date' ? 'date' : 'text', value,
    class: kind.startsWith('fte') || kind.startsWith('euro') || kind === 'weight' || kind === 'year' ? 'num' : null,
    inputmode: k.inputmode, placeholder: opts.placeholder,
    'aria-describedby': [hintId, list.id].filter(Boolean).join(' '),
    spellcheck: 'false',
    dataset: { path, kind },
  });
  input.value = value;
  registerSlot(path, list, input);
  const labelEl = h('label', { for: id, class: opts.srLabel ? 'sr-only' : null }, label);
  return h('div', { class: 'field ' + (opts.class ?? '') },
    labelEl, input, opts.hint ? h('span', { class: 'hint', id: hintId }, opts.hint) : null, list);
}

// A select bound to a document path (values are the codes of a vocabulary list).
function select(path, label, options, opts = {}) {
  const id = idOf(path);
  const list = msgList(path);
  const cur = opts.value ?? getAt(state.doc, path);
  const sel = h('select', { id, 'aria-describedby': list.id, dataset: { path, kind: 'select', role: opts.role } },
    options.map(([code, text]) => h('option', { value: code, selected: String(code) === String(cur) }, text)));
  if (!options.some(([code]) => String(code) === String(cur)) && cur !== undefined) {
    sel.prepend(h('option', { value: String(cur), selected: true }, String(cur)));
  }
  registerSlot(path, list, sel);
  return h('div', { class: 'field ' + (opts.class ?? '') },
    h('label', { for: id, class: opts.srLabel ? 'sr-only' : null }, label), sel, list);
}

// An amount that opens its explanation.
function amountButton(value, traceId, what, fmt = euro) {
  const text = fmt(value);
  if (!traceId || value === undefined || value === null) return h('span', { class: 'amount plain' }, text);
  return h('button', {
    type: 'button', class: 'amount', dataset: { trace: traceId },
    'aria-label': `${text} – ${t('explainFor', what)}`, title: t('explainFor', what),
    onclick: () => selectTrace(traceId),
  }, text);
}

// ---------------------------------------------------------------------------------------
// Rendering of the form from the document

function render() {
  slots = new Map();
  registerSlot('', $('#msgs-global'));
  applyStaticTexts();
  renderAuthority();
  renderFunded();
  renderForwardings();
  renderDistribution();
  recompute();
}

function applyStaticTexts() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('#side').setAttribute('aria-label', t('side'));
  $('#lang-de').setAttribute('aria-pressed', String(state.lang === 'de'));
  $('#lang-en').setAttribute('aria-pressed', String(state.lang === 'en'));
  if (state.status) setStatus(state.status);
}

function renderAuthority() {
  const d = state.doc;
  d.options ??= {};
  const sec = $('#sec-authority');
  sec.replaceChildren(h('div', { class: 'grid' },
    select('authority.kind', t('authorityKind'), codeOptions('party_kind', ['kreis', 'kreisfreie_stadt'])),
    field('authority.name', 'text', t('authorityName'), { class: 'wide' }),
    field('authority.id', 'textOpt', t('authorityId')),
    field('year', 'year', t('year')),
    select('options.mode', t('mode'), codeOptions('mode'), { value: d.options.mode ?? 'strict' }),
    select('options.pro_rata', t('proRata'), codeOptions('pro_rata'), { value: d.options.pro_rata ?? 'full_year' }),
  ), msgList('authority'));
  registerSlot('authority', sec.lastChild);
  registerSlot('options', sec.lastChild);
}

function renderFunded() {
  const d = state.doc;
  d.funded ??= [];
  const sec = $('#sec-funded');
  const rows = d.funded.map((p, i) => {
    const path = `funded[${i}]`;
    const rowMsgs = msgList(path);
    registerSlot(path, rowMsgs);
    const period = p.period ? h('div', { class: 'hint' }, `${t('period')}: ${p.period.from} – ${p.period.to}`) : null;
    return [
      h('tr', { dataset: { row: path } },
        h('td', {}, select(`${path}.kind`, `${t('kind')} (${i + 1})`, codeOptions('post_kind'), { srLabel: true, role: 'rerender' }), period),
        h('td', {}, field(`${path}.fte`, 'fte', `${t('fte')} – ${codeLabel('post_kind', p.kind)} (${i + 1})`, { srLabel: true })),
        h('td', { class: 'num', dataset: { out: `${path}.rate` } }),
        h('td', { class: 'num', dataset: { out: `${path}.amount` } }),
        h('td', {}, h('button', { type: 'button', class: 'remove', 'aria-label': t('removeFunded', i + 1), onclick: () => removeRow('funded', i) }, '✕')),
      ),
      h('tr', { class: 'msg-row' }, h('td', { colspan: 5 }, rowMsgs)),
    ];
  });
  sec.replaceChildren(
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('kind')), h('th', { scope: 'col' }, t('fte')),
        h('th', { scope: 'col', class: 'num' }, t('perFte')), h('th', { scope: 'col', class: 'num' }, t('amount')),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('remove'))))),
      h('tbody', {}, rows.flat()),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: 3 }, t('grantTotal')), h('td', { class: 'num', dataset: { out: 'grant.total' } }), h('td')))),
    h('button', { type: 'button', class: 'add', onclick: addFunded }, '+ ' + t('addFunded')),
    msgList('funded'),
  );
  registerSlot('funded', sec.lastChild);
}

function renderForwardings() {
  const d = state.doc;
  d.forwardings ??= [];
  const sec = $('#sec-forwardings');
  const cards = d.forwardings.map((f, i) => {
    const path = `forwardings[${i}]`;
    const basisKind = f.basis && typeof f.basis === 'object' ? Object.keys(f.basis)[0] : 'actual_cost_capped';
    const amountPath = basisKind === 'flat_per_fte'
      ? `${path}.basis.flat_per_fte.amount_per_fte` : `${path}.basis.actual_cost_capped.cap_per_fte`;
    const rowMsgs = msgList(path);
    registerSlot(path, rowMsgs);
    const basisSel = h('select', {
      id: idOf(`${path}.basis`), dataset: { kind: 'basis', row: String(i) },
      onchange: (e) => changeBasis(i, e.target.value),
    }, ['actual_cost_capped', 'flat_per_fte']
      .map((c) => h('option', { value: c, selected: c === basisKind }, codeLabel('forwarding_basis', c))));
    const onward = Array.isArray(f.onward) && f.onward.length ? h('p', { class: 'hint' }, t('onward', f.onward.length)) : null;
    return h('fieldset', { class: 'fwd', dataset: { row: path } },
      h('legend', {}, t('forwarding', i + 1, f.to?.name)),
      h('div', { class: 'grid' },
        field(`${path}.to.name`, 'text', t('recipient'), { class: 'wide' }),
        select(`${path}.to.kind`, t('recipientKind'), codeOptions('party_kind', ['traeger', 'kommune', 'kreis', 'kreisfreie_stadt'])),
        field(`${path}.id`, 'text', t('fwdId')),
        select(`${path}.kind`, t('kind'), codeOptions('post_kind')),
        field(`${path}.fte`, 'fte', t('fte'), { placeholder: state.lang === 'de' ? 'z. B. 1,5' : 'e.g. 1.5' }),
        h('div', { class: 'field' }, h('label', { for: idOf(`${path}.basis`) }, t('basis')), basisSel),
        field(amountPath, 'euro', basisKind === 'flat_per_fte' ? t('flatPerFte') : t('capPerFte')),
        field(`${path}.actual_cost`, 'euroOpt', t('actualCost')),
        field(`${path}.top_up_per_fte`, 'euroOpt', t('topUp')),
        select(`${path}.top_up_policy`, t('topUpPolicy'), codeOptions('top_up_policy'), { value: f.top_up_policy ?? 'fixed' }),
      ),
      onward,
      h('dl', { class: 'results', dataset: { out: `${path}.results` } }),
      rowMsgs,
      h('button', { type: 'button', class: 'remove wide-remove', onclick: () => removeRow('forwardings', i) }, '✕ ' + t('removeForwarding', i + 1)),
    );
  });
  sec.replaceChildren(
    ...(cards.length ? cards : [h('p', { class: 'hint' }, t('noForwardings'))]),
    h('button', { type: 'button', class: 'add', onclick: addForwarding }, '+ ' + t('addForwarding')),
    msgList('forwardings'),
  );
  registerSlot('forwardings', sec.lastChild);
}

function weightLabel(basis) {
  return { azr: t('weightAzr'), population: t('weightPopulation'), fixed: t('weightFixed') }[basis] ?? term('weight', 'Gewicht');
}

function renderDistribution() {
  const d = state.doc.distribution;
  const sec = $('#sec-distribution');
  if (!d) {
    sec.replaceChildren(h('p', { class: 'hint' }, t('noDistribution')),
      h('button', { type: 'button', class: 'add', onclick: addDistribution }, '+ ' + t('addDistribution')),
      msgList('distribution'));
    registerSlot('distribution', sec.lastChild);
    return;
  }
  d.options ??= {};
  d.weights ??= [];
  const basisOptions = ['azr', 'population', 'fixed'].map((c) => [c, codeLabel('distribution_basis', c)]);
  const rows = d.weights.map((w, i) => {
    const path = `distribution.weights[${i}]`;
    const rowMsgs = msgList(path);
    registerSlot(path, rowMsgs);
    return [
      h('tr', { dataset: { row: path } },
        h('td', {}, field(`${path}.unit`, 'text', `${t('unit')} (${i + 1})`, { srLabel: true })),
        h('td', {}, field(`${path}.value`, 'weight', `${weightLabel(d.basis)} – ${w.unit ?? ''} (${i + 1})`, { srLabel: true })),
        h('td', { class: 'num', dataset: { out: `${path}.quota` } }),
        h('td', { class: 'num', dataset: { out: `${path}.share` } }),
        h('td', {}, h('button', { type: 'button', class: 'remove', 'aria-label': t('removeUnit', i + 1), onclick: () => removeRow('distribution.weights', i) }, '✕')),
      ),
      h('tr', { class: 'msg-row' }, h('td', { colspan: 5 }, rowMsgs)),
    ];
  });
  const weightsMsgs = msgList('distribution.weights');
  registerSlot('distribution.weights', weightsMsgs);
  sec.replaceChildren(
    h('div', { class: 'grid' },
      select('distribution.basis', t('distBasis'), basisOptions, { role: 'rerender' }),
      field('distribution.stichtag', 'date', t('stichtag')),
      select('distribution.options.method', t('method'), codeOptions('method'), { value: d.options.method ?? 'largest_remainder' }),
      field('distribution.options.step', 'fte', t('step')),
      field('distribution.options.minimum', 'fte', t('minimum')),
      select('distribution.options.below_minimum', t('belowMinimum'), codeOptions('below_minimum'), { value: d.options.below_minimum ?? 'report_only' }),
      field('distribution.total', 'fteOpt', t('distTotal')),
    ),
    h('table', { class: 'table', id: 'dist-table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('unit')), h('th', { scope: 'col' }, weightLabel(d.basis)),
        h('th', { scope: 'col', class: 'num' }, t('quota')), h('th', { scope: 'col', class: 'num' }, t('share')),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('remove'))))),
      h('tbody', {}, rows.flat()),
      h('tfoot', {}, h('tr', {}, h('td', { colspan: 5, dataset: { out: 'distribution.sum' } })))),
    weightsMsgs,
    h('div', { class: 'row-buttons' },
      h('button', { type: 'button', class: 'add', onclick: addUnit }, '+ ' + t('addUnit')),
      h('button', { type: 'button', class: 'remove wide-remove', onclick: removeDistribution }, '✕ ' + t('removeDistribution'))),
    msgList('distribution'),
  );
  registerSlot('distribution', sec.lastChild);
  registerSlot('distribution.options', sec.lastChild);
}

// ---------------------------------------------------------------------------------------
// Editing

function onInput(e) {
  const el = e.target;
  const path = el.dataset?.path;
  if (!path) return;
  const kind = el.dataset.kind;
  if (kind === 'select') {
    if (path === 'authority.kind') renameAuthority(() => setAt(state.doc, path, el.value));
    else setAt(state.doc, path, el.value);
    if (el.dataset.role === 'rerender') { render(); return focusPath(path); }
    return recompute();
  }
  const k = KINDS[kind];
  try {
    const value = k.read(el.value);
    state.inputErrors.delete(path);
    if (path === 'authority.name' || path === 'authority.id') renameAuthority(() => setAt(state.doc, path, value));
    else setAt(state.doc, path, value);
  } catch (err) {
    const v = violationsOfError(err)[0];
    state.inputErrors.set(path, { text: el.value, violation: { ...v, path } });
  }
  recompute();
  if (path.endsWith('.to.name')) {
    const legend = el.closest('fieldset')?.querySelector('legend');
    const i = Number(path.match(/^forwardings\[(\d+)\]/)?.[1]);
    if (legend && Number.isInteger(i)) legend.textContent = t('forwarding', i + 1, state.doc.forwardings[i]?.to?.name);
  }
}

// The authority gives the money: first-level forwardings and own staff that named the old
// authority follow a change of its name, kind or id (form bookkeeping, not a rule).
function renameAuthority(change) {
  const before = JSON.stringify(state.doc.authority ?? null);
  change();
  const after = structuredClone(state.doc.authority);
  for (const f of state.doc.forwardings ?? []) if (JSON.stringify(f.from) === before) f.from = structuredClone(after);
  for (const s of state.doc.staff ?? []) if (JSON.stringify(s.employer) === before) s.employer = structuredClone(after);
}

function changeBasis(i, basisKind) {
  const f = state.doc.forwardings[i];
  const old = f.basis && typeof f.basis === 'object' ? Object.values(f.basis)[0] : {};
  const amount = old ? Object.values(old)[0] : undefined;
  f.basis = basisKind === 'flat_per_fte'
    ? { flat_per_fte: { amount_per_fte: amount ?? '0.00' } }
    : { actual_cost_capped: { cap_per_fte: amount ?? '0.00' } };
  dropInputErrors(`forwardings[${i}].basis`);
  render();
  $('#' + CSS.escape(idOf(`forwardings[${i}].basis`)))?.focus();
}

function dropInputErrors(prefix) {
  for (const p of [...state.inputErrors.keys()]) if (p === prefix || p.startsWith(prefix + '.') || p.startsWith(prefix + '[')) state.inputErrors.delete(p);
}

// Removing a row shifts the paths of the rows after it: their pending input errors go.
function removeRow(listPath, i) {
  const arr = getAt(state.doc, listPath);
  arr.splice(i, 1);
  dropInputErrors(listPath);
  render();
  document.querySelector(`#sec-${listPath.split('.')[0]} button.add`)?.focus();
}

function addFunded() {
  const used = new Set(state.doc.funded.map((p) => p.kind));
  const kinds = codeOptions('post_kind').map(([c]) => c);
  state.doc.funded.push({ kind: kinds.find((k) => !used.has(k)) ?? kinds[0] ?? 'case_manager', fte: '0' });
  render();
  focusPath(`funded[${state.doc.funded.length - 1}].fte`);
}

function addForwarding() {
  const ids = new Set(state.doc.forwardings.map((f) => f.id));
  let n = state.doc.forwardings.length + 1;
  while (ids.has(`weiterleitung-${n}`)) n++;
  state.doc.forwardings.push({
    id: `weiterleitung-${n}`,
    from: structuredClone(state.doc.authority),
    to: { kind: 'traeger', name: '' },
    kind: 'case_manager',
    fte: '0',
    basis: { actual_cost_capped: { cap_per_fte: '0.00' } },
  });
  render();
  focusPath(`forwardings[${state.doc.forwardings.length - 1}].to.name`);
}

function addDistribution() {
  const y = Number.isInteger(state.doc.year) ? state.doc.year : 2023;
  state.doc.distribution = { stichtag: `${y}-03-31`, basis: 'azr', weights: [], options: { method: 'largest_remainder', step: '0.5', minimum: '0' } };
  render();
  focusPath('distribution.basis');
}

function addUnit() {
  state.doc.distribution.weights.push({ unit: '', value: '0' });
  render();
  focusPath(`distribution.weights[${state.doc.distribution.weights.length - 1}].unit`);
}

function removeDistribution() {
  delete state.doc.distribution;
  dropInputErrors('distribution');
  render();
  $('#sec-distribution button.add')?.focus();
}

function focusPath(path) {
  document.getElementById(idOf(path))?.focus();
}

// ---------------------------------------------------------------------------------------
// Evaluation and its display

function recompute() {
  let ev = null;
  let problems;
  try {
    // the plan's own options decide (options.mode); violations of the rules come back in
    // the result, only an unreadable document throws
    ev = kim.evaluatePlan(state.doc);
    problems = [...(ev.violations ?? []), ...(ev.warnings ?? [])].map(msgOf);
  } catch (err) {
    ev = null;
    problems = violationsOfError(err);
    if (!err?.violations?.length) {
      // not a content problem the evaluation reported: ask the validator for the details
      try {
        const r = kim.validatePlan(state.doc);
        if (r?.violations?.length) problems = r.violations.map(msgOf);
      } catch { /* keep the first answer */ }
    }
  }
  state.ev = ev;
  showMessages(problems);
  showResults(ev);
  renderTraceOptions();
  renderExplain();
  const name = state.doc.authority?.name?.trim();
  document.title = name ? `KIM-Planung – ${name} ${state.doc.year ?? ''}`.trim() : 'KIM-Planung – Kreis …';
  $('#page-heading').textContent = document.title;
}

function slotFor(path) {
  let p = path ?? '';
  for (const [re, rep] of PATH_ALIASES) {
    if (re.test(p)) { p = p.replace(re, rep); break; }
  }
  while (p !== null) {
    if (slots.has(p)) return slots.get(p);
    p = parentPath(p);
  }
  return slots.get('');
}

function messageItem(m) {
  const text = state.lang === 'en' ? m.en : m.de;
  return h('li', { class: `msg msg-${m.severity}`, dataset: { code: m.code, at: m.path, severity: m.severity } },
    h('span', { class: 'sev', 'aria-hidden': 'true' }, m.severity === 'error' ? '✖' : m.severity === 'warning' ? '⚠' : 'ℹ'),
    h('span', { class: 'code' }, m.code), ' ',
    h('span', { class: 'text' }, text));
}

function showMessages(problems) {
  // input errors stand for their field; the core's messages about the stale value there go
  const pending = [...state.inputErrors.values()].map((x) => x.violation);
  const all = [...pending, ...problems.filter((m) => !state.inputErrors.has(m.path))];
  const bySlot = new Map();
  for (const m of all) {
    const s = slotFor(m.path);
    if (!bySlot.has(s)) bySlot.set(s, []);
    bySlot.get(s).push(m);
  }
  for (const s of slots.values()) {
    const ms = bySlot.get(s) ?? [];
    s.list.replaceChildren(...ms.map(messageItem));
    if (s.input) {
      const hasError = ms.some((m) => m.severity === 'error');
      if (hasError) s.input.setAttribute('aria-invalid', 'true');
      else s.input.removeAttribute('aria-invalid');
    }
  }
  const global = slots.get('');
  $('#card-other').hidden = !(bySlot.get(global)?.length);

  const errors = all.filter((m) => m.severity === 'error').length;
  const others = all.length - errors;
  $('#check-status').textContent = errors ? t('checkCounts', errors, others) : others ? t('checkOkWarn', others) : t('checkOk');
  $('#check-status').className = errors ? 'status-error' : 'status-ok';
  $('#check-list').replaceChildren(...all.map((m) => {
    const s = slotFor(m.path);
    const target = s?.input ?? s?.list;
    const label = s?.input?.labels?.[0]?.textContent;
    const where = m.path ? (label ? `${label} (${m.path})` : t('fieldOf', m.path)) : '';
    return h('li', { class: `msg msg-${m.severity}` },
      h('a', {
        href: '#' + (target?.id ?? 'plan-form'),
        onclick: (e) => { e.preventDefault(); (s?.input ?? target)?.focus?.(); target?.scrollIntoView?.({ block: 'center' }); },
      }, h('span', { class: 'code' }, m.code), ' ', where),
      ': ', state.lang === 'en' ? m.en : m.de);
  }));
}

function out(key) {
  return document.querySelector(`[data-out="${CSS.escape(key)}"]`);
}

function showResults(ev) {
  const grant = ev?.grant;
  // grant lines: rate and amount per funded row
  (state.doc.funded ?? []).forEach((p, i) => {
    const k = grant?.lines?.findIndex((l) => l.index === i && (l.item ?? 'personnel') === 'personnel') ?? -1;
    const line = k >= 0 ? grant.lines[k] : null;
    out(`funded[${i}].rate`)?.replaceChildren(line?.rates?.length === 1 ? euro(line.rates[0].per_fte) : line ? '…' : '—');
    out(`funded[${i}].amount`)?.replaceChildren(line ? amountButton(line.amount, `grant.lines[${k}]`, codeLabel('post_kind', p.kind)) : '—');
  });
  out('grant.total')?.replaceChildren(grant ? amountButton(grant.total, 'grant', t('grantTotal')) : '—');

  // forwardings
  (state.doc.forwardings ?? []).forEach((f, i) => {
    const r = ev?.forwardings?.find((x) => x.path === `forwardings[${i}]`);
    const dl = out(`forwardings[${i}].results`);
    if (!dl) return;
    if (!r) { dl.replaceChildren(); return; }
    const who = r.to?.name ?? '';
    const item = (key, value, trace) => [h('dt', {}, term(key)), h('dd', { dataset: { key } }, amountButton(value, trace, `${term(key)} ${who}`))];
    dl.replaceChildren(
      ...item('cap', r.cap, `forwardings[${i}]`),
      ...item('reimbursed', r.reimbursed, `forwardings[${i}]`),
      ...item('top_up', r.top_up, `forwardings[${i}].top_up`),
      ...item('own_share', r.own_share, `forwardings[${i}].own_share`),
      ...item('over_financing', r.over_financing, null),
    );
  });

  // totals
  const box = $('#totals');
  const tot = ev?.totals;
  if (!tot) {
    box.replaceChildren(h('p', { class: 'no-totals', id: 'no-totals' }, t('noTotals')));
  } else {
    const row = (id, label, value, trace) => h('div', { class: 'total-row', id: `total-${id}` },
      h('dt', {}, label), h('dd', {}, amountButton(value, trace, label)));
    const rows = [
      row('land_money', term('land_money'), tot.land_money, TOTAL_TRACE.land_money),
      row('forwarded', term('forwarded'), tot.forwarded, TOTAL_TRACE.forwarded),
      row('retained_by_authority', term('retained_by_authority'), tot.retained_by_authority, TOTAL_TRACE.retained_by_authority),
      row('top_ups', term('top_ups'), tot.top_ups, TOTAL_TRACE.top_ups),
    ];
    (tot.own_share_by_employer ?? []).forEach((e, i) => {
      const name = e.employer?.name ?? '';
      const fi = (ev.forwardings ?? []).findIndex((r) => r.to?.name === name);
      rows.push(row(`own_share-${i}`, t('ownShareOf', name), e.own_share, fi >= 0 ? `forwardings[${fi}].own_share` : null));
      if (e.surplus !== undefined && !/^0(\.0+)?$/.test(String(e.surplus))) {
        rows.push(row(`surplus-${i}`, t('surplusAt', name), e.surplus, null));
      }
    });
    const stale = state.inputErrors.size;
    box.replaceChildren(
      stale ? h('p', { class: 'stale', id: 'stale-totals' }, t('staleTotals', stale)) : '',
      h('dl', { class: 'totals' + (stale ? ' is-stale' : '') }, rows));
  }

  // distribution
  const dist = ev?.distribution;
  const alloc = dist?.allocation;
  const weights = state.doc.distribution?.weights ?? [];
  weights.forEach((w, i) => {
    let k = alloc?.shares?.[i]?.unit === w.unit ? i : (alloc?.shares?.findIndex((s) => s.unit === w.unit) ?? -1);
    const s = k >= 0 ? alloc.shares[k] : null;
    const final = dist?.shares?.find((x) => x.unit === w.unit);
    out(`distribution.weights[${i}].quota`)?.replaceChildren(s ? fte(s.quota) : '—');
    out(`distribution.weights[${i}].share`)?.replaceChildren(
      final || s ? amountButton(final?.fte ?? s.fte, s ? `allocation.shares[${k}]` : null, t('shareOf', w.unit), fte) : '—');
  });
  const totalInput = document.getElementById(idOf('distribution.total'));
  if (totalInput) totalInput.placeholder = alloc?.total !== undefined ? t('automatic', fte(alloc.total)) : '';
  out('distribution.sum')?.replaceChildren(dist ? t('distSum', fte(dist.sum ?? alloc?.total), fte(alloc?.total)) : '');
}

// ---------------------------------------------------------------------------------------
// Erklärung: the trace of a selected amount

function traceRoots() {
  const roots = [];
  if (state.ev?.trace?.root) roots.push(state.ev.trace.root);
  const a = state.ev?.distribution?.allocation?.trace?.root;
  if (a) roots.push(a);
  return roots;
}

function findTrace(id) {
  const stack = [...traceRoots()];
  while (stack.length) {
    const n = stack.pop();
    if (n.id === id) return n;
    stack.push(...(n.children ?? []));
  }
  return null;
}

function title(n) {
  return state.lang === 'en' ? n.title_en : n.title_de;
}

function traceValue(v) {
  switch (v.unit) {
    case 'EUR': return euro(v.value);
    case 'VZÄ': return `${fte(v.value)} VZÄ`;
    case 'date': return state.lang === 'de' && /^\d{4}-\d{2}-\d{2}$/.test(v.value) ? v.value.split('-').reverse().join('.') : v.value;
    case 'percent': return `${state.lang === 'de' ? v.value.replace('.', ',') : v.value} %`;
    default: return v.value;
  }
}

function renderTraceOptions() {
  const sel = $('#explain-select');
  const opts = [h('option', { value: '' }, '—')];
  const walk = (n, depth) => {
    opts.push(h('option', { value: n.id, selected: n.id === state.traceId }, `${'\u2003'.repeat(depth)}${title(n)} = ${traceValue(n.result)}`));
    for (const c of n.children ?? []) walk(c, depth + 1);
  };
  for (const r of traceRoots()) walk(r, 0);
  sel.replaceChildren(...opts);
  sel.value = state.traceId && findTrace(state.traceId) ? state.traceId : '';
}

function selectTrace(id) {
  state.traceId = id;
  $('#explain-select').value = id ?? '';
  renderExplain();
  const card = $('#explain-card');
  card.scrollIntoView?.({ block: 'nearest' });
  $('#explain').focus?.();
}

function nodeView(n, depth) {
  const formula = state.lang === 'en' ? n.formula_en : n.formula_de;
  const parts = [
    h(depth === 0 ? 'h3' : 'h4', { class: 'trace-title' }, `${title(n)} = `, h('strong', {}, traceValue(n.result))),
    h('p', { class: 'formula' }, h('span', { class: 'k' }, t('formula') + ': '), formula),
  ];
  if (n.inputs?.length) {
    parts.push(h('table', { class: 'trace-inputs' },
      h('caption', {}, t('inputs')),
      h('tbody', {}, n.inputs.map((v) => h('tr', {}, h('th', { scope: 'row' }, term(v.name, v.name)), h('td', { class: 'num' }, traceValue(v)))))));
  }
  if (n.pro_rata) parts.push(h('p', {}, h('span', { class: 'k' }, t('proRataL') + ': '), `${codeLabel('pro_rata', n.pro_rata.method)} (${n.pro_rata.factor})`));
  if (n.parameters?.length) {
    parts.push(h('div', { class: 'params' }, h('span', { class: 'k' }, t('parameters') + ':'),
      h('ul', {}, n.parameters.map((p) => h('li', {},
        `${codeLabel('rate_key', p.key)}: ${euro(p.value)} (${codeLabel('rate_per', p.per)}), ${t('validFrom')} ${p.valid_from}${p.valid_to ? ' ' + t('validTo') + ' ' + p.valid_to : ''} – ${codeLabel('rate_status', p.status)}`,
        p.source ? h('div', { class: 'source' }, `${t('source')}: ${p.source.document ?? ''} `,
          p.source.url ? h('a', { href: p.source.url, rel: 'noopener noreferrer', target: '_blank' }, p.source.url) : '') : '')))));
  }
  parts.push(h('p', { class: 'rule' }, h('span', { class: 'k' }, t('rule') + ': '), n.rule));
  if (n.children?.length) {
    parts.push(h('details', { open: depth === 0 && n.children.length <= 4 },
      h('summary', {}, `${t('steps')} (${n.children.length})`),
      h('ol', { class: 'trace-children' }, n.children.map((c) => h('li', {}, nodeView(c, depth + 1))))));
  }
  return h('div', { class: 'trace-node', dataset: { trace: n.id } }, parts);
}

function renderExplain() {
  const box = $('#explain');
  if (!state.traceId) { box.replaceChildren(h('p', { class: 'hint' }, t('explainNone'))); return; }
  const n = findTrace(state.traceId);
  box.replaceChildren(n ? nodeView(n, 0) : h('p', { class: 'hint' }, t('explainGone')));
}

// ---------------------------------------------------------------------------------------
// Loading, export, import

// The line above the form: a function of the language, so that it follows the EN switch.
function setStatus(make) {
  state.status = make ?? null;
  const v = state.status ? state.status() : '';
  $('#io-status').replaceChildren(...(Array.isArray(v) ? v : [v]));
}

function loadDoc(doc, status) {
  state.doc = doc;
  state.inputErrors.clear();
  state.traceId = null;
  render();
  setStatus(status);
}

function examplePlan() {
  const ex = kim.examplePlan();
  return typeof ex === 'string' ? JSON.parse(ex) : structuredClone(ex);
}

function emptyPlan() {
  return {
    schema_version: 'kim.plan.v1',
    authority: { kind: 'kreis', name: '' },
    year: new Date().getFullYear(),
    funded: [],
    forwardings: [],
  };
}

function exportPlan() {
  const text = JSON.stringify(state.doc, null, 2) + '\n';
  const blob = new Blob([text], { type: 'application/json' });
  const slug = (state.doc.authority?.name ?? 'plan').normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'plan';
  const name = `kim-plan-${slug}-${state.doc.year ?? ''}.json`;
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  const stale = state.inputErrors.size;
  setStatus(() => (stale ? t('exportedStale', name, stale) : t('exported', name)));
}

async function importPlan(file) {
  const text = await file.text();
  const fail = (items) => {
    setStatus(() => [t('importFailed', file.name), h('ul', { class: 'msgs' }, items.map(messageItem))]);
  };
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail([{ code: 'JSON', path: '', severity: 'error', de: t('notJson', e.message), en: t('notJson', e.message) }]);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail([{ code: 'JSON', path: '', severity: 'error', de: t('notObject'), en: t('notObject') }]);
  }
  // a document that cannot be read as a plan (wrong structure, types or schema) is not loaded
  let problems = [];
  try {
    const r = kim.validatePlan(doc);
    problems = (r?.violations ?? []).map(msgOf).filter((m) => m.code.startsWith('KIM-P'));
  } catch (e) {
    problems = violationsOfError(e);
  }
  if (problems.length) return fail(problems.map((m) => ({ ...m, de: `${m.path ? m.path + ': ' : ''}${m.de}`, en: `${m.path ? m.path + ': ' : ''}${m.en}` })));
  loadDoc(doc, () => t('imported', file.name));
}

// ---------------------------------------------------------------------------------------
// Start

async function main() {
  try {
    // fetch the module while the JS glue loads (instead of after it): the two downloads overlap
    const wasm = fetch(new URL(PKG.replace(/\.js$/, '_bg.wasm'), import.meta.url));
    const mod = await import(PKG);
    await mod.default({ module_or_path: wasm });
    kim = mod;
  } catch (e) {
    const p = $('#fatal');
    p.hidden = false;
    p.textContent = `${UI.de.pkgMissing} / ${UI.en.pkgMissing} (${e?.message ?? e})`;
    throw e;
  }
  state.vocab = buildVocab(kim.vocabulary());

  const form = $('#form');
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('input', onInput);
  $('#btn-example').addEventListener('click', () => loadDoc(examplePlan(), () => t('exampleLoaded')));
  $('#btn-new').addEventListener('click', () => loadDoc(emptyPlan(), () => t('newLoaded')));
  $('#btn-export').addEventListener('click', exportPlan);
  $('#file-import').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (file) await importPlan(file);
    e.target.value = '';
  });
  $('#lang-de').addEventListener('click', () => { state.lang = 'de'; render(); });
  $('#lang-en').addEventListener('click', () => { state.lang = 'en'; render(); });
  $('#explain-select').addEventListener('change', (e) => { state.traceId = e.target.value || null; renderExplain(); });

  loadDoc(emptyPlan(), null);
  document.body.dataset.ready = 'true';
}

main();
