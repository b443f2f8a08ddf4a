/*
 * Maps of the youth app with Leaflet (vendored): the hobby map with marker clusters, the
 * location map of a hobby page and the place picker. The tile server is a setting
 * (MAP_TILE_URL). When tiles fail, the status line below the map reports it, and every page
 * stays usable: the hobby map has the same hobbies as a list below it, and the picker has
 * search and device location.
 */
(function () {
  "use strict";

  var app = window.HarrastuspassiApp;
  if (!window.L || !app) return;

  var FINLAND_CENTRE = [64.5, 26.0];

  function addTiles(element, map) {
    var status = element.parentNode.querySelector("[data-map-status]");
    var failed = false;
    var layer = L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.tileAttribution,
      maxZoom: 18,
    });
    layer.on("tileerror", function () {
      if (failed) return;
      failed = true;
      element.classList.add("tiles-failed");
      if (status) status.textContent = element.dataset.tilesFailed;
    });
    layer.addTo(map);
  }

  /* Leaflet finds its default marker images by their file names in leaflet.css, which the
   * production static storage renames with a content hash, so the page gives their URLs.
   * The sizes are those of L.Icon.Default in Leaflet 1.9.4. */
  function markerIcon(element) {
    return L.icon({
      iconUrl: element.dataset.markerIcon,
      iconRetinaUrl: element.dataset.markerRetina,
      shadowUrl: element.dataset.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41],
    });
  }

  /* Leaflet writes the names of its controls in English, so they are set in the page's
   * language here. */
  function translateControls(map) {
    L.control.zoom({ zoomInTitle: app.messages.zoomIn, zoomOutTitle: app.messages.zoomOut }).addTo(map);
    var attribution = map.attributionControl;
    var prefix = document.createElement("div");
    prefix.innerHTML = attribution.options.prefix || "";
    var credit = prefix.querySelector("a");
    if (credit) {
      credit.title = app.messages.mapLibrary;
      attribution.setPrefix(prefix.innerHTML);
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", app.messages.closePopup);
    });
  }

  function createMap(element) {
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false });
    translateControls(map);
    addTiles(element, map);
    return map;
  }

  function resultsMap(element) {
    var markers = JSON.parse(document.getElementById("map-markers").textContent);
    var place = JSON.parse(document.getElementById("map-place").textContent);
    var map = createMap(element);
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false });
    var icon = markerIcon(element);
    var bounds = [];
    markers.forEach(function (marker) {
      var item = L.marker([marker.lat, marker.lon], { icon: icon, title: marker.name, alt: marker.name });
      var link = document.createElement("a");
      link.href = marker.url;
      link.textContent = marker.name;
      item.bindPopup(link);
      cluster.addLayer(item);
      bounds.push([marker.lat, marker.lon]);
    });
    map.addLayer(cluster);
    if (place) {
      L.circleMarker([place.lat, place.lon], { radius: 8, color: "#073763", fillColor: "#ffbf47", fillOpacity: 1 }).addTo(map);
      bounds.push([place.lat, place.lon]);
    }
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    else map.setView(FINLAND_CENTRE, 5);
  }

  function pointMap(element) {
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    var map = createMap(element);
    L.marker(point, { icon: markerIcon(element), title: element.dataset.label, alt: element.dataset.label }).addTo(map);
    map.setView(point, 15);
  }

  function pickMap(element) {
    var section = element.closest("[data-map-pick-section]");
    section.hidden = false;
    var save = section.querySelector("[data-save-map-place]");
    var place = app.getPlace();
    var map = createMap(element);
    if (place) map.setView([place.lat, place.lon], 12);
    else map.setView(FINLAND_CENTRE, 5);
    var marker = null;
    map.on("click", function (event) {
      if (marker) marker.setLatLng(event.latlng);
      else marker = L.marker(event.latlng, { icon: markerIcon(element), alt: app.messages.mapPoint }).addTo(map);
      save.disabled = false;
    });
    save.addEventListener("click", function () {
      if (!marker) return;
      var point = marker.getLatLng();
      app.choosePointPlace(app.messages.mapPoint, point.lat, point.lng, "map");
    });
  }

  var builders = { results: resultsMap, point: pointMap, pick: pickMap };
  Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), function (element) {
    var build = builders[element.dataset.map];
    if (build) build(element);
  });
})();
