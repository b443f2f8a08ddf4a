/*
 * Harrastuspassi youth app: progressive enhancements of the server-rendered pages.
 *
 * Every page works without this script. The script keeps favourites and the chosen place
 * in localStorage, and the place reaches the server only as parameters of list requests.
 * It also updates the hobby list in place, runs the share button and the place picker,
 * queues anonymous analytics events (docs/analytics-events.md) and registers the service
 * worker.
 */
(function () {
  "use strict";

  var body = document.body;
  var messages = JSON.parse(document.getElementById("hp-messages").textContent);
  var KEYS = { favourites: "hp.favourites", place: "hp.place", recent: "hp.recentPlaces" };
  var MAX_RECENT_PLACES = 5;
  var MAX_FAVOURITES = 100;
  var MAX_PLACE_RESULTS = 20;
  var EARTH_RADIUS_M = 6371008.8;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return values[key];
    });
  }

  function read(key, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key));
      return value === null || value === undefined ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function write(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Private browsing or full storage: the choice lasts for this page only.
    }
  }

  function announce(text) {
    var region = document.getElementById("announcer");
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 60);
  }

  function track(name, fields) {
    if (window.HarrastuspassiAnalytics) window.HarrastuspassiAnalytics.track(name, fields);
  }

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function haversine(lat1, lon1, lat2, lon2) {
    var toRadians = Math.PI / 180;
    var dLat = (lat2 - lat1) * toRadians;
    var dLon = (lon2 - lon1) * toRadians;
    var a =
      Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * toRadians) * Math.cos(lat2 * toRadians) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function formatDistance(metres) {
    if (metres < 1000) return Math.round(metres / 10) * 10 + " m";
    var kilometres = metres / 1000;
    var number = new Intl.NumberFormat(body.dataset.language, { maximumFractionDigits: kilometres < 10 ? 1 : 0 });
    return number.format(kilometres) + " km";
  }

  /* --- Place ------------------------------------------------------------------------ */

  function roundCoordinate(value) {
    return Math.round(value * 1000) / 1000; // about 110 m, as the server rounds too
  }

  function getPlace() {
    var place = read(KEYS.place, null);
    return place && isFinite(place.lat) && isFinite(place.lon) ? place : null;
  }

  /* A place is stored with its kind ("device", "map", "municipality" or "postal_code") and
   * its names in every language, so that its label follows the page's language. Places
   * saved before names were stored keep the label they were saved with. */
  function placeLabel(place) {
    var names = place.names || {};
    var name = names[body.dataset.language] || names.fi || names.sv || "";
    if (place.kind === "device") return messages.myLocation;
    if (place.kind === "map") return messages.mapPoint;
    if (place.kind === "municipality" && name) return name;
    if (place.kind === "postal_code" && place.postalCode && name) return place.postalCode + " " + name;
    return place.label || "";
  }

  function samePlace(first, second) {
    if (first.kind !== second.kind) return false;
    if (first.kind === "device" || first.kind === "map") return first.lat === second.lat && first.lon === second.lon;
    if (first.kind === "postal_code" && first.postalCode) return first.postalCode === second.postalCode;
    if (first.kind === "municipality" && first.municipality) return first.municipality === second.municipality;
    return first.label === second.label;
  }

  function savePlace(place) {
    place = {
      label: place.label,
      lat: roundCoordinate(place.lat),
      lon: roundCoordinate(place.lon),
      municipality: place.municipality || null,
      postalCode: place.postalCode || null,
      names: place.names || null,
      kind: place.kind,
    };
    place.label = placeLabel(place);
    write(KEYS.place, place);
    var recent = read(KEYS.recent, []).filter(function (item) {
      return !samePlace(item, place);
    });
    write(KEYS.recent, [place].concat(recent).slice(0, MAX_RECENT_PLACES));
    return place;
  }

  function placeParams(place, params) {
    var label = placeLabel(place);
    params.set("lat", place.lat.toFixed(3));
    params.set("lon", place.lon.toFixed(3));
    if (label) params.set("place", label);
    else params.delete("place");
    return params;
  }

  function withPlace(href, place) {
    var url = new URL(href, window.location.href);
    if (!url.searchParams.has("lat")) placeParams(place, url.searchParams);
    return url.pathname + url.search;
  }

  function applyPlace() {
    var place = getPlace();
    all("[data-place-name]").forEach(function (link) {
      if (place) link.textContent = format(messages.placeCurrent, { place: placeLabel(place) });
    });
    all("[data-place-status]").forEach(function (element) {
      if (place) element.textContent = format(messages.placeCurrent, { place: placeLabel(place) });
    });
    if (!place) return;
    all("a[data-place-link]").forEach(function (link) {
      link.href = withPlace(link.getAttribute("href"), place);
    });
    all("a[data-municipality-link]").forEach(function (link) {
      if (!place.municipality) return;
      var url = new URL(link.getAttribute("href"), window.location.href);
      url.searchParams.set("municipality", place.municipality);
      link.href = url.pathname + url.search;
    });
    all("form[data-place-form]").forEach(function (form) {
      placeParams(place, new URLSearchParams()).forEach(function (value, name) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.appendChild(input);
      });
    });
    all("[data-distance-from-place]").forEach(function (element) {
      var metres = haversine(place.lat, place.lon, parseFloat(element.dataset.lat), parseFloat(element.dataset.lon));
      element.textContent = format(messages.distanceFrom, { distance: formatDistance(metres), place: placeLabel(place) });
    });
  }

  /* A list or map opened without a place, while one is chosen, is reloaded with it, so
   * that distances are measured from the chosen place. A URL with the chosen place's
   * coordinates but its label in another language (after a language switch) is reloaded
   * with the label in the page's language. Another place in the URL is kept as it is, and
   * so is any page offline, where the worker may have only the URL as it was. */
  function reloadListWithPlace() {
    var place = getPlace();
    var isList = document.querySelector("[data-results]") || document.querySelector('[data-map="results"]');
    var params = new URLSearchParams(window.location.search);
    if (!place || !isList || navigator.onLine === false) return false;
    if (params.has("lat")) {
      var samePoint =
        parseFloat(params.get("lat")).toFixed(3) === place.lat.toFixed(3) &&
        parseFloat(params.get("lon")).toFixed(3) === place.lon.toFixed(3);
      var label = placeLabel(place);
      if (!samePoint || !label || params.get("place") === label) return false;
    }
    window.location.replace(window.location.pathname + "?" + placeParams(place, params).toString());
    return true;
  }

  /* --- Favourites ------------------------------------------------------------------- */

  function getFavourites() {
    var list = read(KEYS.favourites, []);
    return Array.isArray(list) ? list : [];
  }

  function isFavourite(id) {
    return getFavourites().some(function (item) {
      return item.id === id;
    });
  }

  function toggleFavourite(id, name) {
    var list = getFavourites();
    var present = isFavourite(id);
    if (present) {
      list = list.filter(function (item) {
        return item.id !== id;
      });
    } else {
      list.unshift({ id: id, name: name, saved: new Date().toISOString().slice(0, 10) });
      list = list.slice(0, MAX_FAVOURITES);
    }
    write(KEYS.favourites, list);
    track(present ? "favourite_remove" : "favourite_add", { hobby: id });
    announce(present ? messages.favouriteRemoved : messages.favouriteAdded);
    return !present;
  }

  function setUpFavouriteButtons(root) {
    all("[data-favourite]", root).forEach(function (button) {
      var id = parseInt(button.dataset.favourite, 10);
      button.hidden = false;
      button.setAttribute("aria-pressed", String(isFavourite(id)));
      button.addEventListener("click", function () {
        var pressed = toggleFavourite(id, button.dataset.name);
        all('[data-favourite="' + id + '"]').forEach(function (other) {
          other.setAttribute("aria-pressed", String(pressed));
        });
      });
    });
  }

  function renderFavourites(container) {
    var list = getFavourites();
    if (!list.length) {
      container.innerHTML = "";
      var empty = document.createElement("p");
      empty.textContent = messages.noFavourites;
      container.appendChild(empty);
      return;
    }
    var ids = list.map(function (item) {
      return item.id;
    });
    fetch(container.dataset.favourites + "?ids=" + ids.join(","), { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        container.innerHTML = html;
        var found = (container.querySelector("[data-found]") || { dataset: { found: "" } }).dataset.found.split(" ");
        var missing = list.filter(function (item) {
          return found.indexOf(String(item.id)) === -1;
        });
        if (missing.length) container.appendChild(favouriteNameList(missing, messages.favouriteGone));
        setUpFavouriteButtons(container);
      })
      .catch(function () {
        container.innerHTML = "";
        container.appendChild(favouriteNameList(list, messages.favouritesOffline));
      });
  }

  /* A list of stored favourite names, for hobbies the server did not return or offline. */
  function favouriteNameList(items, note) {
    var wrapper = document.createElement("div");
    var paragraph = document.createElement("p");
    paragraph.textContent = note;
    wrapper.appendChild(paragraph);
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = body.dataset.listUrl + item.id + "/"; // hobby pages are /hobbies/<id>/
      link.textContent = item.name || "#" + item.id;
      entry.appendChild(link);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "favourite-toggle";
      button.dataset.favourite = item.id;
      button.dataset.name = item.name || "";
      button.innerHTML = '<span class="heart" aria-hidden="true"></span>';
      var label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = (item.name || "#" + item.id) + ": ";
      button.appendChild(label);
      button.appendChild(document.createTextNode(messages.removeFavourite));
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(button);
      list.appendChild(entry);
    });
    wrapper.appendChild(list);
    return wrapper;
  }

  /* --- Share ------------------------------------------------------------------------ */

  function setUpShare() {
    all("[data-share]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var data = { title: button.dataset.shareTitle, url: button.dataset.shareUrl };
        if (navigator.share) {
          navigator.share(data).catch(function () {});
          return;
        }
        copyText(data.url).then(
          function () {
            announce(messages.copied);
          },
          function () {
            announce(messages.copyFailed);
          }
        );
      });
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var copied = document.execCommand("copy");
      document.body.removeChild(field);
      if (copied) resolve();
      else reject(new Error("copy failed"));
    });
  }

  /* --- Hobby list: results update in place --------------------------------------------- */

  function loadResults(url, push) {
    var results = document.querySelector("[data-results]");
    results.setAttribute("aria-busy", "true");
    announce(messages.loading);
    return fetch(url, { headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-results]");
        if (!fresh) throw new Error("no results in the response");
        results.replaceWith(fresh);
        // The server's form shows the filters that the new URL applies, so a removed chip
        // is also unchecked in the form.
        var form = document.querySelector("form[data-filter-form]");
        var freshForm = page.querySelector("form[data-filter-form]");
        if (form && freshForm) {
          form.replaceWith(freshForm);
          bindFilterForm(freshForm);
        }
        document.title = page.title;
        if (push) window.history.pushState({}, "", url);
        setUpFavouriteButtons(fresh);
        setUpResultLinks(fresh);
        trackSearch(fresh);
        var heading = fresh.querySelector("[data-result-count]");
        heading.setAttribute("tabindex", "-1");
        heading.focus();
        var errors = fresh.querySelector(".error-summary");
        announce((errors ? errors.textContent.trim() + " " : "") + heading.textContent.trim());
      })
      .catch(function () {
        results.setAttribute("aria-busy", "false");
        announce(messages.loadFailed);
      });
  }

  function setUpResultLinks(root) {
    all(".chips a, .pagination a, .chips-bar p a", root).forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        loadResults(link.href, true);
      });
    });
  }

  function bindFilterForm(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (value !== "") params.append(name, value);
      });
      loadResults(form.action.split("?")[0] + (params.toString() ? "?" + params.toString() : ""), true);
    });
  }

  function setUpFilterForm() {
    var form = document.querySelector("form[data-filter-form]");
    if (!form || !document.querySelector("[data-results]")) return;
    bindFilterForm(form);
    setUpResultLinks(document);
    window.addEventListener("popstate", function () {
      window.location.reload();
    });
  }

  function trackSearch(results) {
    if (!results || !results.hasAttribute("data-track-search")) return;
    var fields = { results: parseInt(results.dataset.resultsCount, 10) || 0 };
    if (results.dataset.searchText) fields.text = results.dataset.searchText;
    var filters = (results.dataset.filters || "").split(" ").filter(Boolean);
    if (filters.length) fields.filters = filters;
    if (results.dataset.category) fields.category = parseInt(results.dataset.category, 10);
    track("search", fields);
  }

  /* --- Home: hobbies near the chosen place --------------------------------------------- */

  function loadNearby() {
    var section = document.querySelector("[data-nearby]");
    var place = getPlace();
    if (!section || !place) return;
    section.setAttribute("aria-busy", "true");
    var url = section.dataset.nearby + "?" + placeParams(place, new URLSearchParams()).toString();
    fetch(url, { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        section.innerHTML = html;
        setUpFavouriteButtons(section);
      })
      .catch(function () {
        // Offline or failed: the soonest hobbies rendered by the server stay.
      })
      .then(function () {
        section.setAttribute("aria-busy", "false");
      });
  }

  /* --- Place picker ------------------------------------------------------------------- */

  var placeIndex = null;

  function loadPlaceIndex() {
    if (!placeIndex) {
      placeIndex = fetch(body.dataset.placesUrl)
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .catch(function (error) {
          placeIndex = null;
          throw error;
        });
    }
    return placeIndex;
  }

  // Folds case and accents, so that "jyvaskyla" finds Jyväskylä.
  function normalise(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase(body.dataset.language).trim();
  }

  function searchPlaces(index, text) {
    var query = normalise(text);
    var found = [];
    if (!query) return found;
    var nameColumn = body.dataset.language === "sv" ? 2 : 1;
    var isNumber = /^\d+$/.test(query);
    index.municipalities.forEach(function (row) {
      var names = [row[1], row[2], row[3]].map(normalise);
      var match = isNumber ? row[0] === query.padStart(3, "0") : names.some(function (name) { return name.indexOf(query) === 0; });
      if (match) {
        found.push({
          label: row[nameColumn] || row[1],
          names: { fi: row[1], sv: row[2], en: row[3] },
          detail: messages.municipality,
          lat: row[4],
          lon: row[5],
          municipality: row[0],
          kind: "municipality",
        });
      }
    });
    // A postal code's detail is its municipality, as on the page rendered without JavaScript.
    var municipalityNames = {};
    index.municipalities.forEach(function (row) { municipalityNames[row[0]] = row[nameColumn] || row[1]; });
    index.postal_codes.forEach(function (row) {
      var names = [row[1], row[2]].map(normalise);
      var match = isNumber ? row[0].indexOf(query) === 0 : names.some(function (name) { return name.indexOf(query) === 0; });
      if (match) {
        var name = row[nameColumn] || row[1];
        found.push({
          label: row[0] + " " + name,
          names: { fi: row[1], sv: row[2] },
          postalCode: row[0],
          detail: municipalityNames[row[3]] || messages.postalCode,
          lat: row[4],
          lon: row[5],
          municipality: row[3] || null,
          kind: "postal_code",
        });
      }
    });
    return found.slice(0, MAX_PLACE_RESULTS);
  }

  /* Return the municipality code of the postal code point nearest to a coordinate. */
  function nearestMunicipality(index, lat, lon) {
    var best = null;
    var bestDistance = Infinity;
    index.postal_codes.forEach(function (row) {
      if (!row[3]) return;
      var distance = haversine(lat, lon, row[4], row[5]);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = row[3];
      }
    });
    return best;
  }

  function choosePlace(place, nextUrl) {
    var saved = savePlace(place);
    announce(format(messages.placeSaved, { place: placeLabel(saved) }));
    var next = nextUrl || body.dataset.listUrl;
    window.location.assign(withPlace(next, saved));
  }

  function choosePointPlace(label, lat, lon, kind) {
    return loadPlaceIndex()
      .then(function (index) {
        return nearestMunicipality(index, lat, lon);
      })
      .catch(function () {
        return null;
      })
      .then(function (municipality) {
        choosePlace({ label: label, lat: lat, lon: lon, municipality: municipality, kind: kind });
      });
  }

  function placeButton(place) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = placeLabel(place);
    if (place.detail) {
      var detail = document.createElement("span");
      detail.className = "hint";
      detail.textContent = " (" + place.detail + ")";
      button.appendChild(detail);
    }
    button.addEventListener("click", function () {
      choosePlace(place);
    });
    item.appendChild(button);
    return item;
  }

  function setUpPlacePicker() {
    var form = document.querySelector("form[data-place-search]");
    if (!form) return;
    var input = form.querySelector("input[type=search]");
    var results = document.querySelector("[data-place-results]");
    var status = document.querySelector("[data-place-search-status]");

    all("a[data-place-choice]", results).forEach(function (link) {
      link.addEventListener("click", function () {
        savePlace({
          label: link.dataset.label,
          names: { fi: link.dataset.nameFi, sv: link.dataset.nameSv, en: link.dataset.nameEn },
          postalCode: link.dataset.postalCode || null,
          lat: parseFloat(link.dataset.lat),
          lon: parseFloat(link.dataset.lon),
          municipality: link.dataset.municipality || null,
          kind: link.dataset.kind,
        });
      });
    });

    function runSearch() {
      loadPlaceIndex().then(
        function (index) {
          var found = searchPlaces(index, input.value);
          results.innerHTML = "";
          found.forEach(function (place) {
            results.appendChild(placeButton(place));
          });
          if (input.value.trim()) {
            status.textContent = format(found.length === 1 ? messages.placesFoundOne : messages.placesFoundMany, { count: found.length });
          } else {
            status.textContent = "";
          }
        },
        function () {
          status.textContent = messages.placesLoadFailed;
        }
      );
    }
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(runSearch, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      runSearch();
    });

    var current = document.querySelector("[data-current-place]");
    var place = getPlace();
    if (place) {
      current.hidden = false;
      current.querySelector("[data-current-place-text]").textContent = format(messages.placeCurrent, { place: placeLabel(place) });
    }
    current.querySelector("[data-clear-place]").addEventListener("click", function () {
      try {
        window.localStorage.removeItem(KEYS.place);
      } catch (error) {
        // nothing stored
      }
      current.hidden = true;
      all("[data-place-name]").forEach(function (link) {
        link.textContent = messages.placeNone;
      });
      announce(messages.placeCleared);
    });

    var deviceButton = document.querySelector("[data-use-device-location]");
    var deviceStatus = document.querySelector("[data-device-location-status]");
    deviceButton.hidden = false;
    deviceButton.addEventListener("click", function () {
      if (!navigator.geolocation) {
        deviceStatus.textContent = messages.locationUnsupported;
        return;
      }
      deviceStatus.textContent = messages.locating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          choosePointPlace(messages.myLocation, position.coords.latitude, position.coords.longitude, "device");
        },
        function (error) {
          deviceStatus.textContent = error.code === 1 ? messages.locationDenied : messages.locationFailed;
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });

    var recent = read(KEYS.recent, []);
    var recentList = document.querySelector("[data-recent-places]");
    if (recent.length) {
      document.querySelector("[data-recent-section]").hidden = false;
      recent.forEach(function (item) {
        recentList.appendChild(placeButton(item));
      });
    }
  }

  /* --- Privacy page: analytics on or off ------------------------------------------------ */

  function setUpAnalyticsToggle() {
    var setting = document.querySelector("[data-analytics-setting]");
    if (!setting || !window.HarrastuspassiAnalytics) return;
    var toggle = setting.querySelector("[data-analytics-toggle]");
    setting.hidden = false;
    toggle.checked = window.localStorage.getItem("hp.analytics.disabled") !== "1";
    toggle.addEventListener("change", function () {
      window.HarrastuspassiAnalytics.setEnabled(toggle.checked);
    });
  }

  /* --- Analytics and the service worker ------------------------------------------------ */

  function startAnalytics() {
    if (!window.HarrastuspassiAnalytics) return;
    window.HarrastuspassiAnalytics.start({
      endpoint: body.dataset.analyticsEndpoint,
      municipality: function () {
        var place = getPlace();
        return place ? place.municipality : null;
      },
    });
    if (body.dataset.trackHobby) track("hobby_view", { hobby: parseInt(body.dataset.trackHobby, 10) });
    if (body.hasAttribute("data-track-map")) track("map_open");
    trackSearch(document.querySelector("[data-results]"));
    all("a[data-language-select]").forEach(function (link) {
      link.addEventListener("click", function () {
        track("language_select", { language: link.dataset.languageSelect });
      });
    });
  }

  function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(body.dataset.serviceWorker, { scope: "/" }).catch(function () {
      // Without a worker the app still works online.
    });
  }

  window.HarrastuspassiApp = {
    messages: messages,
    announce: announce,
    getPlace: getPlace,
    choosePointPlace: choosePointPlace,
  };

  if (reloadListWithPlace()) return;
  applyPlace();
  setUpFavouriteButtons(document);
  setUpShare();
  setUpFilterForm();
  loadNearby();
  setUpPlacePicker();
  setUpAnalyticsToggle();
  var favourites = document.querySelector("[data-favourites]");
  if (favourites) renderFavourites(favourites);
  startAnalytics();
  registerServiceWorker();
})();
