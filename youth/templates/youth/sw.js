/* Harrastuspassi service worker, served from /sw.js so that its scope is the whole site.
 *
 * The app shell (CSS, scripts, icons, offline pages and the favourites pages, which the
 * offline page links to) is cached when the worker installs.
 * Pages are fetched from the network first and the copy is kept, so a page seen once
 * opens offline. Static files and thumbnails are served from the cache first. The place
 * list is served from the cache and revalidated with its ETag in the background. Requests
 * to other origins (map tiles), the API and calendar files are left to the network.
 */
"use strict";

const VERSION = "{{ version }}";
const SHELL_CACHE = "hp-shell-" + VERSION;
const PAGE_CACHE = "hp-pages";
const IMAGE_CACHE = "hp-images";
const DATA_CACHE = "hp-data";
const SHELL = {{ shell_json|safe }};
const OFFLINE_PAGES = {{ offline_json|safe }};
const PRECACHED_PAGES = {{ precached_pages_json|safe }};
const PREFIXED_LANGUAGES = {{ languages_json|safe }};
const PLACE_INDEX = "{{ place_index_url|escapejs }}";
const STATIC_PREFIX = "{{ static_prefix|escapejs }}";
const MEDIA_PREFIX = "{{ media_prefix|escapejs }}";
const THUMBNAIL_PREFIX = "{{ thumbnail_prefix|escapejs }}";
const MAX_PAGES = 80;
// Signed-in pages (the portal, sign-in, the admin) carry personal data: never cache them.
const PRIVATE_PREFIXES = ["/portal/", "/accounts/", "/admin/", "/oidc/"];

function isPrivate(pathname) {
  const language = PREFIXED_LANGUAGES.find((code) => pathname.startsWith("/" + code + "/"));
  const path = language ? pathname.slice(language.length + 1) : pathname;
  return PRIVATE_PREFIXES.some((prefix) => path.startsWith(prefix));
}
const MAX_IMAGES = 150;

self.addEventListener("install", (event) => {
  const urls = SHELL.concat(Object.values(OFFLINE_PAGES), PRECACHED_PAGES);
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(urls)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("hp-shell-") && key !== SHELL_CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

/* Delete the oldest entries beyond `limit`; Cache keys keep their insertion order. */
async function trim(cacheName, limit) {
  const cache = await caches.open(cacheName);
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - limit))) {
    await cache.delete(request);
  }
}

function offlinePage(url) {
  const language = PREFIXED_LANGUAGES.find((code) => url.pathname.startsWith("/" + code + "/"));
  return caches.match(OFFLINE_PAGES[language] || Object.values(OFFLINE_PAGES)[0]);
}

async function networkFirst(request, url) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      const cache = await caches.open(PAGE_CACHE);
      await cache.delete(request, { ignoreVary: true });
      await cache.put(request, copy);
      trim(PAGE_CACHE, MAX_PAGES);
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreVary: true });
    if (cached) return cached;
    if (request.mode === "navigate") {
      const offline = await offlinePage(url);
      if (offline) return offline;
    }
    throw error;
  }
}

async function cacheFirst(request, cacheName, limit) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(cacheName);
    await cache.put(request, response.clone());
    if (limit) trim(cacheName, limit);
  }
  return response;
}

async function staleWhileRevalidate(request) {
  const cache = await caches.open(DATA_CACHE);
  const cached = await cache.match(request);
  const refresh = fetch(request)
    .then((response) => {
      if (response.ok) cache.put(request, response.clone());
      return response;
    })
    .catch(() => cached);
  return cached || refresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.endsWith(".ics") || url.pathname.startsWith("/language/") || url.pathname === "/sw.js") {
    return;
  }
  if (isPrivate(url.pathname)) return;
  if (url.pathname === PLACE_INDEX) {
    event.respondWith(staleWhileRevalidate(request));
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
  } else if (url.pathname.startsWith(THUMBNAIL_PREFIX) || url.pathname.startsWith(MEDIA_PREFIX)) {
    event.respondWith(cacheFirst(request, IMAGE_CACHE, MAX_IMAGES));
  } else if (request.mode === "navigate" || request.headers.get("Accept") === "text/html") {
    event.respondWith(networkFirst(request, url));
  }
});
