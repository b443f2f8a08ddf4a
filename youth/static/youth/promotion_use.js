/*
 * Using a promotion from the youth app.
 *
 * The device key is 32 random bytes from crypto.getRandomValues in base64url, made once and
 * kept in localStorage under "hp.deviceKey". It is sent only in the X-Device-Key header of a
 * use. The codes of this device's uses are kept under "hp.promotions.uses" as
 * {promotionId: [{code, usedAt}]}, so that the code screen shows them again after a reload
 * and the detail and confirm screens hide the use button once the device has reached its
 * per-device limit.
 */
(function () {
  "use strict";

  var DEVICE_KEY = "hp.deviceKey";
  var USES_KEY = "hp.promotions.uses";

  function base64url(bytes) {
    var text = "";
    for (var index = 0; index < bytes.length; index += 1) {
      text += String.fromCharCode(bytes[index]);
    }
    return window.btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function deviceKey() {
    var key = window.localStorage.getItem(DEVICE_KEY);
    if (!key) {
      var bytes = new Uint8Array(32);
      window.crypto.getRandomValues(bytes);
      key = base64url(bytes);
      window.localStorage.setItem(DEVICE_KEY, key);
    }
    return key;
  }

  function savedUses() {
    try {
      return JSON.parse(window.localStorage.getItem(USES_KEY) || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function usesOf(promotionId) {
    return savedUses()[promotionId] || [];
  }

  function saveUse(promotionId, use) {
    var all = savedUses();
    all[promotionId] = (all[promotionId] || []).concat([{ code: use.code, usedAt: use.created_at }]);
    window.localStorage.setItem(USES_KEY, JSON.stringify(all));
  }

  function firstError(body) {
    // The API's error body: {key: [message], error_codes: {key: [code]}}.
    var codes = (body && body.error_codes) || {};
    for (var key in codes) {
      if (Object.prototype.hasOwnProperty.call(codes, key) && codes[key].length) {
        var messages = body[key];
        return { code: codes[key][0], message: Array.isArray(messages) ? messages[0] : messages };
      }
    }
    return null;
  }

  function setUpUseForm(form) {
    var button = form.querySelector("button[type=submit]");
    var status = document.querySelector("[data-use-status]");
    var errorBox = document.querySelector("[data-use-error]");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");

    function showError(code, message) {
      status.textContent = "";
      errorBox.textContent = message;
      errorBox.setAttribute("data-error-code", code);
      errorBox.hidden = false;
      errorBox.focus();
      button.disabled = false;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (button.disabled) {
        return;
      }
      button.disabled = true;
      errorBox.hidden = true;
      status.textContent = form.getAttribute("data-working-text");
      fetch(form.getAttribute("data-api-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Accept": "application/json",
          "X-Device-Key": deviceKey(),
          "X-CSRFToken": csrf ? csrf.value : ""
        }
      })
        .then(function (response) {
          return response.json().then(
            function (body) {
              return { status: response.status, body: body };
            },
            function () {
              return { status: response.status, body: null };
            }
          );
        })
        .then(function (result) {
          if (result.status === 201) {
            saveUse(form.getAttribute("data-promotion"), result.body);
            window.location.assign(form.getAttribute("data-code-url"));
            return;
          }
          var error = firstError(result.body) || {
            code: "server_error",
            message: form.getAttribute("data-server-error")
          };
          showError(error.code, error.message);
        })
        .catch(function () {
          showError("network_error", form.getAttribute("data-network-error"));
        });
    });
  }

  var LOCALES = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };

  function twoDigits(value) {
    return ("0" + value).slice(-2);
  }

  /* Format a time in Helsinki time with the page's Django date format (the characters
   * D, j, n, M, Y, H and i, and a backslash before a literal), so that the code screen
   * writes the time like the server-rendered pages. */
  function formatTime(isoText, language, pattern) {
    var moment = new Date(isoText);
    var locale = LOCALES[language] || language;
    var parts = {};
    var monthName;
    try {
      new Intl.DateTimeFormat(locale, {
        timeZone: "Europe/Helsinki",
        weekday: "short",
        day: "numeric",
        month: "numeric",
        year: "numeric",
        hour: "numeric",
        minute: "numeric",
        hourCycle: "h23"
      }).formatToParts(moment).forEach(function (part) {
        parts[part.type] = part.value;
      });
      monthName = new Intl.DateTimeFormat(locale, { timeZone: "Europe/Helsinki", month: "short" }).format(moment);
    } catch (error) {
      return moment.toLocaleString();
    }
    var values = {
      D: parts.weekday,
      j: String(parseInt(parts.day, 10)),
      n: String(parseInt(parts.month, 10)),
      M: monthName,
      Y: parts.year,
      H: twoDigits(parts.hour),
      i: twoDigits(parts.minute)
    };
    var text = "";
    for (var index = 0; index < pattern.length; index += 1) {
      var character = pattern.charAt(index);
      if (character === "\\") {
        index += 1;
        text += pattern.charAt(index);
      } else if (Object.prototype.hasOwnProperty.call(values, character)) {
        text += values[character];
      } else {
        text += character;
      }
    }
    return text;
  }

  function showCode(view) {
    var uses = usesOf(view.getAttribute("data-promotion-code"));
    if (!uses.length) {
      return;
    }
    var latest = uses[uses.length - 1];
    view.querySelector("[data-code]").textContent = latest.code;
    var time = view.querySelector("[data-used-at]");
    time.setAttribute("datetime", latest.usedAt);
    time.textContent = formatTime(
      latest.usedAt,
      view.getAttribute("data-language") || "fi",
      view.getAttribute("data-datetime-format") || "D j.n.Y H:i"
    );
    view.querySelector("[data-redemption]").hidden = false;
    view.querySelector("[data-no-code]").hidden = true;
  }

  /* Return true when this device's saved uses reach the limit in the element's
   * data-per-device-limit. The list can be cleared or stale, so the server still checks
   * every use. This check only spares the pupil a use that the server would reject. */
  function deviceLimitReached(element, promotionId) {
    var limit = parseInt(element.getAttribute("data-per-device-limit"), 10);
    return limit > 0 && usesOf(promotionId).length >= limit;
  }

  function showSavedUse(article) {
    var promotionId = article.getAttribute("data-promotion");
    var uses = usesOf(promotionId);
    if (!uses.length) {
      return;
    }
    var saved = article.querySelector("[data-saved-use]");
    saved.querySelector("[data-saved-code]").textContent = uses[uses.length - 1].code;
    saved.hidden = false;
    if (deviceLimitReached(saved, promotionId)) {
      saved.querySelector("[data-device-limit-reached]").hidden = false;
      var action = article.querySelector("[data-use-action]");
      if (action) {
        action.hidden = true;
      }
    }
  }

  function hideUsedUpForm(form) {
    var note = document.querySelector("[data-device-limit-note]");
    if (note && deviceLimitReached(note, form.getAttribute("data-promotion"))) {
      form.hidden = true;
      note.hidden = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-promotion-use-form]");
    if (form) {
      setUpUseForm(form);
      hideUsedUpForm(form);
    }
    var codeView = document.querySelector("[data-promotion-code]");
    if (codeView) {
      showCode(codeView);
    }
    var article = document.querySelector("article[data-promotion]");
    if (article && article.querySelector("[data-saved-use]")) {
      showSavedUse(article);
    }
  });
})();
