// Progressive enhancement only: every page works without this file (CSP: script-src 'self').
(function () {
  'use strict';

  // <button data-confirm="Question?"> (or <form data-confirm>): ask before submitting.
  // Also guards against double submits; the guard resets when the page is shown from the bfcache.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute('data-confirm')) ||
      form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.getAttribute('data-submitting') === 'true') {
      event.preventDefault();
      return;
    }
    form.setAttribute('data-submitting', 'true');
  });
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-submitting]').forEach(function (form) {
      form.removeAttribute('data-submitting');
    });
  });

  // <a data-confirm="Question?" href=...>: ask before following the link.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-confirm]');
    if (link && !window.confirm(link.getAttribute('data-confirm'))) event.preventDefault();
  });

  // <button data-copy-target="#id" hidden>: shown only when the clipboard is usable; copies the
  // target's value (or text) and says so in the element named by data-copy-status.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'visually-hidden';
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand && document.execCommand('copy');
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error('copy failed'));
    });
  }

  document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    var target = document.querySelector(button.getAttribute('data-copy-target'));
    if (!target) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var status = document.getElementById(button.getAttribute('data-copy-status') || '');
      var text = 'value' in target ? target.value : target.textContent;
      copyText(text.trim()).then(function () {
        if (status) status.textContent = 'Link copied.';
      }, function () {
        if (target.select) target.select();
        if (status) status.textContent = 'Press Ctrl+C (or long-press) to copy the selected link.';
      });
    });
  });

  // Select the whole read-only link on focus so it is easy to copy by hand.
  document.querySelectorAll('input[data-select-on-focus]').forEach(function (input) {
    input.addEventListener('focus', function () { input.select(); });
  });

  // Installable app: the service worker keeps My leads readable offline (static/js/sw.js). A page
  // shown signed out drops its private copies (the session ended, here or elsewhere).
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () { /* stays online-only */ });
  }
  if (window.caches && !document.querySelector('form[action="/logout"]')) {
    window.caches.delete('plumbline-private-v1').catch(function () {});
  }
  // A copy the service worker kept, shown without a network: say so above the page.
  if (navigator.onLine === false && document.getElementById('main') && !document.getElementById('offline-page')) {
    var note = document.createElement('p');
    note.id = 'offline-copy';
    note.className = 'alert alert-warning';
    note.setAttribute('role', 'status');
    note.textContent = 'You are offline: this is the copy saved on this device when you last opened this page.';
    document.getElementById('main').insertBefore(note, document.getElementById('main').firstChild);
  }

  // A table wider than a phone scrolls in its box: let the keyboard reach and scroll it too, and
  // name it after its caption or its section's heading (WCAG 2.1.1).
  function focusableWhenScrolling() {
    document.querySelectorAll('.table-responsive').forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) {
        if (box.getAttribute('data-scroll-focus')) {
          ['tabindex', 'role', 'aria-label', 'data-scroll-focus'].forEach(function (a) { box.removeAttribute(a); });
        }
        return;
      }
      if (box.getAttribute('data-scroll-focus')) return;
      var caption = box.querySelector('caption');
      var section = box.closest('section[aria-labelledby]');
      var heading = section && document.getElementById(section.getAttribute('aria-labelledby'));
      var title = (caption || heading || document.querySelector('h1') || { textContent: 'Table' }).textContent.trim();
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', title + ' (scrolls sideways)');
      box.setAttribute('data-scroll-focus', 'on');
    });
  }
  focusableWhenScrolling();
  window.addEventListener('resize', focusableWhenScrolling);

  // Move focus to the error summary after a failed submit, so screen readers read it first.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
