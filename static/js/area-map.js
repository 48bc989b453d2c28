// Service-area preview on the profile page: a Leaflet map with the radius circle and the extra
// ZIP codes. The text description next to it stays the source of truth when tiles cannot load.
(function () {
  'use strict';
  var box = document.getElementById('area-map');
  if (!box || !window.L) return;
  var lat = Number(box.getAttribute('data-lat'));
  var lng = Number(box.getAttribute('data-lng'));
  var radiusMiles = Number(box.getAttribute('data-radius-miles'));
  if (!isFinite(lat) || !isFinite(lng) || (lat === 0 && lng === 0)) return;
  var extra = [];
  try { extra = JSON.parse(box.getAttribute('data-extra') || '[]'); } catch (e) { extra = []; }
  box.hidden = false;
  // No attribution control: its small links are hard to tap; the line under the map credits OSM.
  var map = L.map(box, { scrollWheelZoom: false, attributionControl: false }).setView([lat, lng], 9);
  var tiles = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 18,
    attribution: '&copy; OpenStreetMap contributors'
  });
  var failed = 0;
  tiles.on('tileerror', function () {
    failed += 1;
    if (failed === 4) box.classList.add('area-map-offline');
  });
  tiles.addTo(map);
  var circle = L.circle([lat, lng], { radius: radiusMiles * 1609.344, weight: 2 }).addTo(map);
  var group = [circle];
  extra.forEach(function (z) {
    var m = L.circleMarker([z.lat, z.lng], { radius: 6, weight: 2 }).addTo(map);
    m.bindTooltip(String(z.zip));
    group.push(m);
  });
  map.fitBounds(L.featureGroup(group).getBounds(), { padding: [12, 12] });
})();
