/*
 * Harrastuspassi analytics client for the youth app: anonymous events, queued and batched.
 *
 * Usage:
 *   HarrastuspassiAnalytics.start({
 *     endpoint: "/api/analytics/v1/events/",
 *     municipality: function () { return chosenPlace ? chosenPlace.municipalityCode : null; },
 *   });
 *   HarrastuspassiAnalytics.track("hobby_view", { hobby: 123 });
 *
 * Privacy: no identifier is created, stored or sent. localStorage holds only the queue of
 * unsent events, the random batch_id of a batch sent without a response, the month of the
 * last "active_month" event and whether "first_open" was sent. Events carry the
 * municipality code of the pupil's chosen place, never coordinates.
 * The schema is in docs/analytics-events.md and at /api/analytics/v1/schema/.
 */
(function (global) {
  "use strict";

  var SCHEMA_VERSION = 1;
  var BATCH_SIZE = 50;
  var MAX_QUEUE = 500; // the oldest events are dropped beyond this, so storage stays small
  var FLUSH_DELAY_MS = 10000;
  var MAX_RETRY_DELAY_MS = 5 * 60 * 1000;
  var KEYS = {
    queue: "hp.analytics.queue",
    activeMonth: "hp.analytics.activeMonth",
    firstOpen: "hp.analytics.firstOpenSent",
    disabled: "hp.analytics.disabled",
    // The batch_id and size of the batch at the head of the queue that was sent without a
    // response, so that a resend has the same batch_id and the server can spot it.
    pending: "hp.analytics.pendingBatch",
  };
  // Rejections that a later batch can fix; every other rejected event is dropped.
  var RETRYABLE_CODES = { batch_too_large: true };

  var config = { endpoint: "/api/analytics/v1/events/", municipality: function () { return null; } };
  var memoryStore = {};
  var flushTimer = null;
  var retryDelay = 0;
  var sending = false;

  function storageGet(key) {
    try {
      return global.localStorage.getItem(key);
    } catch (error) {
      return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null;
    }
  }

  function storageSet(key, value) {
    try {
      global.localStorage.setItem(key, value);
    } catch (error) {
      memoryStore[key] = value; // private browsing or a full storage: keep events for this page only
    }
  }

  function readQueue() {
    try {
      var queue = JSON.parse(storageGet(KEYS.queue) || "[]");
      return Array.isArray(queue) ? queue : [];
    } catch (error) {
      return [];
    }
  }

  function writeQueue(queue) {
    // Dropping the oldest events changes the head of the queue, so a pending batch
    // can no longer be resent as it was.
    if (queue.length > MAX_QUEUE || !queue.length) forgetPendingBatch();
    storageSet(KEYS.queue, JSON.stringify(queue.slice(-MAX_QUEUE)));
  }

  function readPendingBatch() {
    try {
      var batch = JSON.parse(storageGet(KEYS.pending) || "null");
      return batch && typeof batch.id === "string" && batch.size > 0 ? batch : null;
    } catch (error) {
      return null;
    }
  }

  function forgetPendingBatch() {
    storageSet(KEYS.pending, "");
  }

  /*
   * Return the next batch to send: the pending one again, with its batch_id, or else the
   * oldest BATCH_SIZE events with a new batch_id, which is kept until a response arrives.
   */
  function nextBatch(queue) {
    var pending = readPendingBatch();
    if (pending && pending.size <= queue.length) {
      return { id: pending.id, events: queue.slice(0, pending.size) };
    }
    var batch = { id: randomBatchId(), events: queue.slice(0, BATCH_SIZE) };
    if (batch.id) storageSet(KEYS.pending, JSON.stringify({ id: batch.id, size: batch.events.length }));
    return batch;
  }

  /* Return the calendar month in Helsinki time as "YYYY-MM": months are counted there. */
  function helsinkiMonth(date) {
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Helsinki",
      year: "numeric",
      month: "2-digit",
    }).formatToParts(date || new Date());
    var year = "";
    var month = "";
    parts.forEach(function (part) {
      if (part.type === "year") year = part.value;
      if (part.type === "month") month = part.value;
    });
    return year + "-" + month;
  }

  function isEnabled() {
    return storageGet(KEYS.disabled) !== "1";
  }

  function randomBatchId() {
    if (global.crypto && typeof global.crypto.randomUUID === "function") {
      return global.crypto.randomUUID();
    }
    return null; // the server then cannot spot a resent batch, which may count it twice
  }

  /* Queue an event; `fields` are the event's own fields, such as { hobby: 123 }. */
  function track(name, fields) {
    if (!isEnabled()) return;
    var municipality = null;
    try {
      municipality = config.municipality() || null;
    } catch (error) {
      municipality = null;
    }
    var event = { name: name, time: new Date().toISOString(), municipality: municipality };
    Object.keys(fields || {}).forEach(function (key) {
      event[key] = fields[key];
    });
    var queue = readQueue();
    queue.push(event);
    writeQueue(queue);
    if (queue.length >= BATCH_SIZE) {
      flush();
    } else {
      scheduleFlush(FLUSH_DELAY_MS);
    }
  }

  function scheduleFlush(delay) {
    if (flushTimer !== null) return;
    flushTimer = global.setTimeout(function () {
      flushTimer = null;
      flush();
    }, delay);
  }

  function batchBody(events, batchId) {
    var body = { schema_version: SCHEMA_VERSION, events: events };
    if (batchId) body.batch_id = batchId;
    return JSON.stringify(body);
  }

  /*
   * Send the oldest batch with fetch and remove its events once the server has responded.
   * text/plain keeps a cross-origin request free of a CORS preflight. Network errors, 429
   * and 5xx keep the events and retry with a growing delay. Other responses remove them.
   */
  function flush() {
    if (sending || !isEnabled()) return Promise.resolve();
    if (global.navigator && global.navigator.onLine === false) return Promise.resolve();
    var queue = readQueue();
    if (!queue.length) return Promise.resolve();
    var batch = nextBatch(queue);
    var events = batch.events;
    var batchId = batch.id;
    sending = true;
    return global
      .fetch(config.endpoint, {
        method: "POST",
        headers: { "Content-Type": "text/plain;charset=UTF-8" },
        body: batchBody(events, batchId),
        keepalive: true,
        credentials: "omit",
      })
      .then(function (response) {
        if (response.status === 429 || response.status >= 500) {
          throw new Error("retry later");
        }
        var retry = [];
        if (response.ok) {
          return response.json().then(function (result) {
            (result.rejected || []).forEach(function (rejection) {
              var codes = (rejection.errors || []).map(function (error) { return error.code; });
              if (codes.length && codes.every(function (code) { return RETRYABLE_CODES[code]; })) {
                retry.push(events[rejection.index]);
              }
            });
            return retry;
          });
        }
        return retry; // 400 or 413: the batch can never be accepted, so it is dropped
      })
      .then(function (retry) {
        forgetPendingBatch();
        var rest = readQueue().slice(events.length);
        writeQueue(retry.concat(rest));
        retryDelay = 0;
        sending = false;
        if (rest.length) scheduleFlush(0);
      })
      .catch(function () {
        sending = false;
        retryDelay = Math.min(MAX_RETRY_DELAY_MS, retryDelay ? retryDelay * 2 : FLUSH_DELAY_MS);
        scheduleFlush(retryDelay);
      });
  }

  /*
   * Hand what is queued to navigator.sendBeacon when the page is hidden or closed. The
   * response cannot be read, so the events leave the queue when the browser accepts them.
   */
  function flushWithBeacon() {
    if (!isEnabled() || sending || !global.navigator || !global.navigator.sendBeacon) return;
    var queue = readQueue();
    while (queue.length) {
      var batch = nextBatch(queue);
      var blob = new Blob([batchBody(batch.events, batch.id)], { type: "text/plain;charset=UTF-8" });
      if (!global.navigator.sendBeacon(config.endpoint, blob)) break;
      forgetPendingBatch();
      queue = queue.slice(batch.events.length);
    }
    writeQueue(queue);
  }

  /* Queue first_open once per device and active_month once per Helsinki calendar month. */
  function recordOpen() {
    if (storageGet(KEYS.firstOpen) !== "1") {
      track("first_open");
      storageSet(KEYS.firstOpen, "1");
    }
    var month = helsinkiMonth(new Date());
    if (storageGet(KEYS.activeMonth) !== month) {
      track("active_month");
      storageSet(KEYS.activeMonth, month);
    }
  }

  function start(options) {
    options = options || {};
    if (options.endpoint) config.endpoint = options.endpoint;
    if (typeof options.municipality === "function") config.municipality = options.municipality;
    recordOpen();
    global.addEventListener("online", function () { flush(); });
    global.addEventListener("pagehide", flushWithBeacon);
    global.document.addEventListener("visibilitychange", function () {
      if (global.document.visibilityState === "hidden") flushWithBeacon();
      else recordOpen(); // a tab left open over a month boundary starts a new month
    });
    flush();
  }

  /* Turn analytics off (or back on) on this device; turning off drops the queued events. */
  function setEnabled(enabled) {
    storageSet(KEYS.disabled, enabled ? "0" : "1");
    if (!enabled) writeQueue([]); // also drops a pending batch
  }

  global.HarrastuspassiAnalytics = {
    start: start,
    track: track,
    flush: flush,
    setEnabled: setEnabled,
    helsinkiMonth: helsinkiMonth,
    SCHEMA_VERSION: SCHEMA_VERSION,
  };
})(window);
