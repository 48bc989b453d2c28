// Approximate area on the lead page: a Leaflet map with a circle around the ZIP code's centre,
// never a pin. Not interactive and hidden from screen readers: the text above it describes the
// area, and stays the whole story when tiles or this script cannot load.
(function () {
  'use strict';
  var box = document.getElementById('lead-map');
  if (!box || !window.L) return;
  var lat = Number(box.getAttribute('data-lat'));
  var lng = Number(box.getAttribute('data-lng'));
  var radiusMiles = Number(box.getAttribute('data-radius-miles'));
  if (!isFinite(lat) || !isFinite(lng) || (lat === 0 && lng === 0) || !(radiusMiles > 0)) return;
  box.hidden = false;
  var map = L.map(box, {
    zoomControl: false, attributionControl: false, dragging: false, keyboard: false,
    scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, touchZoom: false, tap: false
  });
  map.setView([lat, lng], 12);
  var tiles = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { maxZoom: 18 });
  var failed = 0;
  tiles.on('tileerror', function () {
    failed += 1;
    if (failed === 4) box.classList.add('area-map-offline');
  });
  tiles.addTo(map);
  var circle = L.circle([lat, lng], { radius: radiusMiles * 1609.344, weight: 2, interactive: false }).addTo(map);
  map.fitBounds(circle.getBounds(), { padding: [16, 16] });
  box.setAttribute('data-drawn', 'circle');
})();
