// Live dashboard: new matching leads appear, slots update and full leads disappear, over
// server-sent events (GET /dashboard/events). Without this file the page still works on reload.
(function () {
  'use strict';
  var list = document.getElementById('lead-list');
  if (!list || !window.EventSource || !document.getElementById('lead-card-template')) return;
  var status = document.getElementById('live-status');
  var filters = {
    service: list.getAttribute('data-filter-service') || '',
    urgency: list.getAttribute('data-filter-urgency') || '',
    distance: Number(list.getAttribute('data-filter-distance') || 0)
  };
  // The plumber's price per credit (plan or last pack), for dollar prices; none: credits only.
  var rateCents = Number(list.getAttribute('data-rate-price-cents') || 0);
  var rateCredits = Number(list.getAttribute('data-rate-credits') || 0);

  function say(text) { if (status) status.textContent = text; }

  var count = document.getElementById('lead-count');
  function addToCount(delta) {
    if (!count) return;
    var n = Number(count.textContent) + delta;
    if (isFinite(n) && n >= 0) count.textContent = String(n);
  }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // Rounded half up in whole cents, as the server does (domain::credits_in_cents).
  function dollarsText(credits) {
    if (!(rateCents > 0 && rateCredits > 0)) return '';
    var cents = Math.floor((credits * rateCents + Math.floor(rateCredits / 2)) / rateCredits);
    var c = String(cents % 100);
    return '$' + Math.floor(cents / 100) + '.' + (c.length === 1 ? '0' + c : c);
  }

  function slotsText(left, max) { return left + ' of ' + max + (left === 1 ? ' slot left' : ' slots left'); }

  // The card's markup is the server's (templates/pages/lead_card.mustache, rendered empty into
  // <template id="lead-card-template">); this clones it and fills it with textContent only.
  var cardTemplate = document.getElementById('lead-card-template');

  function card(lead) {
    var price = plural(lead.price_credits, 'credit', 'credits');
    var li = cardTemplate.content.querySelector('.lead-card').cloneNode(true);
    function part(selector) { return li.querySelector(selector); }
    li.classList.add('lead-card-new');
    li.id = 'lead-' + lead.id;
    li.setAttribute('data-lead-id', String(lead.id));
    var leadUrl = '/leads/' + encodeURIComponent(lead.id);
    var service = part('.lead-service');
    // The same classes as web/plumber_view.cpp service_badge_class (one colour per service).
    var svc = /^[a-z0-9_]+$/.test(lead.service_type || '') ? ' svc-' + lead.service_type : '';
    service.className = 'lead-service svc-badge' + svc;
    service.textContent = lead.service_label;
    var urgency = part('.lead-urgency');
    urgency.className = 'badge ' + (lead.urgency === 'emergency' ? 'text-bg-danger' : 'text-bg-secondary') + ' lead-urgency';
    urgency.textContent = lead.urgency_label;
    var dollars = dollarsText(lead.price_credits);
    part('.lead-price').firstChild.nodeValue = price + (dollars ? ' ' : '');
    if (dollars) part('.lead-price-dollars').textContent = '(about ' + dollars + ')';
    else part('.lead-price-dollars').remove();
    var place = part('.lead-place');
    place.firstChild.nodeValue = lead.city + ', ' + lead.state + ' ' + lead.zip + ' · ';
    part('.lead-distance').textContent = Number(lead.distance_miles).toFixed(1) + ' mi';
    var age = part('.lead-age');
    age.textContent = 'just now';
    age.setAttribute('datetime', new Date(lead.created_at).toISOString());
    age.removeAttribute('title');
    part('.lead-excerpt').textContent = lead.excerpt;
    // Questions per service (issue 17): one term and answer per answer, or none.
    var answers = part('.lead-answers');
    var answer = answers.firstElementChild;
    answer.remove();
    (lead.answers || []).forEach(function (a) {
      var item = answer.cloneNode(true);
      item.querySelector('dt').textContent = a.label;
      var dd = item.querySelector('dd');
      dd.textContent = a.answer;
      dd.setAttribute('data-question', a.key);
      answers.appendChild(item);
    });
    if (!answers.children.length) answers.remove();
    var signals = part('.lead-signals');
    var signal = signals.querySelector('.lead-signal');
    signal.remove();
    (lead.quality || []).forEach(function (q) {
      var item = signal.cloneNode(false);
      item.textContent = '✓ ' + q.label;
      item.setAttribute('data-signal', q.slug);
      signals.appendChild(item);
    });
    if (!signals.children.length) signals.remove();
    var slots = part('.lead-slots');
    slots.textContent = slotsText(lead.slots_left, lead.max_claims);
    slots.setAttribute('data-slots-left', String(lead.slots_left));
    slots.setAttribute('data-max-claims', String(lead.max_claims));
    var view = part('a.btn-outline-primary');
    view.href = leadUrl;
    view.querySelector('.visually-hidden').textContent = ': ' + lead.service_label + ' in ' + lead.city;
    var claim = part('a.lead-claim');
    claim.href = leadUrl + '/claim';
    claim.textContent = 'Claim for ' + price;
    return li;
  }

  function matchesFilters(lead) {
    if (filters.service && lead.service_type !== filters.service) return false;
    if (filters.urgency && lead.urgency !== filters.urgency) return false;
    if (filters.distance && lead.distance_miles > filters.distance) return false;
    return true;
  }

  function onNew(data) {
    var lead = data.lead;
    if (!lead || !matchesFilters(lead)) return;
    var old = document.getElementById('lead-' + lead.id);
    var fresh = card(lead);
    if (old) { old.replaceWith(fresh); return; }
    list.insertBefore(fresh, list.firstChild);
    addToCount(1);
    var none = document.getElementById('no-leads');
    if (none) none.hidden = true;
    say('New lead: ' + lead.service_label + ' in ' + lead.city + '.');
  }

  function onSlots(data) {
    var li = document.getElementById('lead-' + data.lead_id);
    if (!li) return;
    var slots = li.querySelector('.lead-slots');
    if (!slots) return;
    var max = data.max_claims || Number(slots.getAttribute('data-max-claims')) || 3;
    slots.textContent = slotsText(data.slots_left, max);
    slots.setAttribute('data-slots-left', String(data.slots_left));
  }

  function onGone(data) {
    var li = document.getElementById('lead-' + data.lead_id);
    if (!li) return;
    li.remove();
    addToCount(-1);
    say(data.reason === 'full' ? 'A lead was fully claimed and removed.' : 'A lead is no longer available.');
  }

  function handler(fn) {
    return function (event) {
      try { fn(JSON.parse(event.data)); } catch (e) { /* ignore a malformed event */ }
    };
  }

  var url = list.getAttribute('data-live-url');
  var after = list.getAttribute('data-live-after');
  if (after) url += (url.indexOf('?') < 0 ? '?' : '&') + 'after=' + encodeURIComponent(after);
  var source = new EventSource(url);
  source.addEventListener('open', function () { list.setAttribute('data-live', 'open'); say('Live: new leads appear here.'); });
  source.addEventListener('error', function () {
    list.setAttribute('data-live', 'reconnecting');
    if (source.readyState === EventSource.CLOSED) say('Live updates stopped. Reload the page to see new leads.');
  });
  source.addEventListener('lead_new', handler(onNew));
  source.addEventListener('lead_slots', handler(onSlots));
  source.addEventListener('lead_gone', handler(onGone));
  window.addEventListener('pagehide', function () { source.close(); });
})();
