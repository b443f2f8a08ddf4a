// Location form: address search without reloading the page, and a Leaflet map on which
// the user picks or corrects the point. Without this script the search button posts the
// form and the coordinates are typed in.
(function () {
  "use strict";
  var form = document.getElementById("location-form");
  var query = document.getElementById("id_address_query");
  var button = document.getElementById("geocode-button");
  var results = document.getElementById("geocode-results");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  var mapElement = document.getElementById("location-map");
  if (!form || !latitude || !longitude) { return; }

  var map = null;
  var marker = null;
  // Finland's rough centre, used until the location has a point.
  var DEFAULT_CENTRE = [64.5, 26.0];

  function readPoint() {
    var lat = parseFloat(latitude.value);
    var lon = parseFloat(longitude.value);
    return isFinite(lat) && isFinite(lon) ? [lat, lon] : null;
  }

  function writePoint(lat, lon) {
    latitude.value = lat.toFixed(6);
    longitude.value = lon.toFixed(6);
  }

  function placeMarker(point, zoom) {
    if (!map) { return; }
    if (!marker) {
      marker = window.L.marker(point, { draggable: true, keyboard: true }).addTo(map);
      marker.on("dragend", function () {
        var position = marker.getLatLng();
        writePoint(position.lat, position.lng);
      });
    } else {
      marker.setLatLng(point);
    }
    map.setView(point, zoom || Math.max(map.getZoom(), 15));
  }

  function setupMap() {
    if (!mapElement || !window.L) { return; }
    mapElement.hidden = false;
    var point = readPoint();
    map = window.L.map(mapElement).setView(point || DEFAULT_CENTRE, point ? 15 : 5);
    window.L.tileLayer(mapElement.dataset.tileUrl, { attribution: mapElement.dataset.attribution, maxZoom: 19 }).addTo(map);
    if (point) { placeMarker(point, 15); }
    map.on("click", function (event) {
      writePoint(event.latlng.lat, event.latlng.lng);
      placeMarker([event.latlng.lat, event.latlng.lng]);
    });
    [latitude, longitude].forEach(function (field) {
      field.addEventListener("change", function () {
        var typed = readPoint();
        if (typed) { placeMarker(typed); }
      });
    });
  }

  function fillFrom(choice) {
    writePoint(parseFloat(choice.dataset.latitude), parseFloat(choice.dataset.longitude));
    var fields = { id_street_address_fi: choice.dataset.street, id_postal_code: choice.dataset.postalCode, id_city_fi: choice.dataset.city };
    Object.keys(fields).forEach(function (id) {
      var field = document.getElementById(id);
      if (field && !field.value && fields[id]) { field.value = fields[id]; }
    });
    placeMarker(readPoint());
  }

  results.addEventListener("click", function (event) {
    var choice = event.target.closest("button[data-latitude]");
    if (choice) { fillFrom(choice); }
  });

  function renderResults(places) {
    results.textContent = "";
    if (!places.length) {
      var none = document.createElement("p");
      none.textContent = results.dataset.noneText || "";
      results.appendChild(none);
      return;
    }
    var list = document.createElement("ul");
    list.className = "checkbox-list";
    places.forEach(function (place) {
      var item = document.createElement("li");
      var choice = document.createElement("button");
      choice.type = "button";
      choice.className = "secondary";
      choice.textContent = place.label;
      choice.dataset.latitude = place.latitude;
      choice.dataset.longitude = place.longitude;
      choice.dataset.street = place.street_address;
      choice.dataset.postalCode = place.postal_code;
      choice.dataset.city = place.city;
      item.appendChild(choice);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  if (button && query) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var url = query.dataset.geocodeUrl + "?q=" + encodeURIComponent(query.value);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { renderResults(data.results || []); })
        .catch(function () { renderResults([]); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupMap);
  } else {
    setupMap();
  }
}());
