// Plumbline's service worker (served at /sw.js for the root scope; registered by js/app.js).
// It keeps "My leads" and each claimed lead readable offline, and nothing else private:
//   /my-leads and /my-leads/{claim_id}: network first, the last copy when the network fails;
//   /static/{hash}/...: cache first (the hash changes with the content);
//   any other page: the network, or the offline page when it fails (never cached);
//   API calls, forms and everything else: not touched.
// The private cache holds homeowners' contact details: it is dropped at log-out (Clear-Site-Data on
// the log-out response), when the server says the session is gone (a redirect to the log-in page)
// and by js/app.js on any page shown signed out. docs/security.md says more.
'use strict';

var VERSION = 'v1';
var PRIVATE = 'plumbline-private-' + VERSION;  // My leads pages only
var ASSETS = 'plumbline-assets-' + VERSION;    // hashed static files and the offline page
var OFFLINE_URL = '/offline';

function isMyLeadsPage(url) {
  return url.pathname === '/my-leads' || /^\/my-leads\/[0-9]+$/.test(url.pathname);
}

// The offline page and the hashed files it links to.
function cacheOfflinePage() {
  return caches.open(ASSETS).then(function (cache) {
    return fetch(OFFLINE_URL, { credentials: 'omit' }).then(function (res) {
      if (!res.ok) throw new Error('offline page: ' + res.status);
      return res.clone().text().then(function (html) {
        var assets = html.match(/\/static\/[0-9a-f]+\/[^"'\s<>]+/g) || [];
        return Promise.all([cache.put(OFFLINE_URL, res)].concat(assets.map(function (url) {
          return cache.add(url);
        })));
      });
    });
  });
}

self.addEventListener('install', function (event) {
  event.waitUntil(cacheOfflinePage().then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name !== PRIVATE && name !== ASSETS;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function dropPrivate() {
  return caches.delete(PRIVATE);
}

// Network first: a 200 is kept; a redirect (navigations get it unfollowed: the session is gone, to
// the log-in page) or a refusal drops every kept page; no network: the kept copy, else the
// offline page.
function myLeadsPage(request) {
  return fetch(request).then(function (res) {
    if (res.status === 200 && res.type === 'basic') {
      var copy = res.clone();
      caches.open(PRIVATE).then(function (cache) { return cache.put(request.url, copy); });
    } else if (res.type === 'opaqueredirect' || res.status === 401 || res.status === 403) {
      dropPrivate();
    } else if (res.status === 404) {
      caches.open(PRIVATE).then(function (cache) { return cache.delete(request.url); });
    }
    return res;
  }, function () {
    return caches.open(PRIVATE).then(function (cache) {
      return cache.match(request.url);
    }).then(function (kept) {
      return kept || caches.match(OFFLINE_URL, { cacheName: ASSETS });
    });
  });
}

function otherPage(request) {
  return fetch(request).catch(function () {
    return caches.match(OFFLINE_URL, { cacheName: ASSETS });
  });
}

function hashedAsset(request) {
  return caches.open(ASSETS).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (res) {
        if (res.status === 200) cache.put(request, res.clone());
        return res;
      });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') return;
  if (url.pathname.indexOf('/static/') === 0) {
    event.respondWith(hashedAsset(request));
  } else if (request.mode === 'navigate' && isMyLeadsPage(url)) {
    event.respondWith(myLeadsPage(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(otherPage(request));
  }
});
