// Report pages (templates/pages/admin_report.mustache): draws each chart with Chart.js from the
// JSON its <script type="application/json"> element carries, and each map with Leaflet circles
// sized by value on a plain background (no tile server). The tables after them hold the same
// figures and stay the whole story when this script cannot run.
(function () {
  'use strict';
  var palette = ['#0b5ed7', '#198754', '#b35c00', '#6f42c1', '#d63384', '#0d7a8a', '#5c636a'];

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function formatValue(value, unit) {
    if (value === null || value === undefined) return '—';
    var n = Number(value);
    if (unit === 'dollars') return '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    if (unit === 'percent') return n.toLocaleString('en-US', { maximumFractionDigits: 2 }) + ' %';
    if (unit === 'minutes') return n.toLocaleString('en-US', { maximumFractionDigits: 1 }) + ' min';
    return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }

  function drawChart(canvas) {
    var key = canvas.getAttribute('data-chart-key');
    var spec = readJson('chart-' + key + '-data');
    if (!spec || !window.Chart) return;
    var kind = spec.kind || 'line';
    var doughnut = kind === 'doughnut';
    var datasets = (spec.datasets || []).map(function (d, i) {
      var colour = palette[i % palette.length];
      return {
        label: d.label,
        data: d.data,
        unit: d.unit,
        borderColor: doughnut ? '#fff' : colour,
        backgroundColor: doughnut ? spec.labels.map(function (_, j) { return palette[j % palette.length]; }) : colour,
        borderWidth: kind === 'line' ? 2 : 1,
        pointRadius: kind === 'line' ? 2 : 0,
        tension: 0.2,
        spanGaps: true
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: datasets.length > 1 || doughnut },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              return ctx.dataset.label + ': ' + formatValue(ctx.raw, ctx.dataset.unit);
            }
          }
        }
      }
    };
    if (!doughnut) {
      options.scales = {
        x: { stacked: kind === 'stacked-bar', ticks: { autoSkip: true, autoSkipPadding: 12, maxRotation: 0 } },
        y: {
          stacked: kind === 'stacked-bar',
          beginAtZero: true,
          ticks: { callback: function (v) { return formatValue(v, spec.unit); } }
        }
      };
    }
    new window.Chart(canvas, {
      type: doughnut ? 'doughnut' : (kind === 'line' ? 'line' : 'bar'),
      data: { labels: spec.labels || [], datasets: datasets },
      options: options
    });
    canvas.setAttribute('data-drawn', 'yes');
  }

  function drawMap(box) {
    var key = box.getAttribute('data-map-key');
    var spec = readJson('map-' + key + '-data');
    if (!spec || !window.L || !spec.points || !spec.points.length) return;
    // Decoration for sighted users (the table is the accessible form): no controls, no focus.
    var map = window.L.map(box, {
      attributionControl: false, zoomControl: false, keyboard: false, zoomSnap: 0.25
    });
    var max = 1;
    spec.points.forEach(function (p) { if (p.value > max) max = p.value; });
    var bounds = [];
    spec.points.forEach(function (p) {
      var radius = 4 + 20 * Math.sqrt(Math.max(p.value, 0) / max);
      window.L.circleMarker([p.lat, p.lng], {
        radius: radius, color: '#0b5ed7', weight: 1, fillColor: '#0b5ed7', fillOpacity: 0.45
      }).bindTooltip(p.label + ': ' + Number(p.value).toLocaleString('en-US')).addTo(map);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 10);
    else map.fitBounds(bounds, { padding: [24, 24] });
    box.setAttribute('data-drawn', 'yes');
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('canvas.report-canvas'), drawChart);
    Array.prototype.forEach.call(document.querySelectorAll('.report-map'), drawMap);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
