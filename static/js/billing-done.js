// The checkout success page: polls the checkout's state every second until the webhook has been
// applied, then shows the plan status and credits. The server decides; this only displays it.
(function () {
  'use strict';
  var box = document.getElementById('checkout-status');
  if (!box || box.getAttribute('data-complete') === 'true') return;
  var url = box.getAttribute('data-status-url');
  var labels = { none: 'No plan', active: 'Active', trialing: 'Trial', past_due: 'Past due', canceled: 'Canceled' };

  function show(state) {
    document.getElementById('checkout-plan-status').textContent = labels[state.plan_status] || state.plan_status;
    document.getElementById('checkout-plan-name').textContent = state.plan_name ? '(' + state.plan_name + ')' : '';
    document.getElementById('checkout-credits').textContent = String(state.credits);
    document.getElementById('checkout-processing').hidden = true;
    document.getElementById('checkout-complete').hidden = false;
    box.setAttribute('data-complete', 'true');
    document.title = 'Payment received · Plumbline';
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (state) {
        if (state && state.status === 'complete') show(state);
        else window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }
  // The page no longer needs the no-script reload once polling runs.
  window.setTimeout(poll, 1000);
})();
