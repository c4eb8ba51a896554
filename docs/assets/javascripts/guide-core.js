// @ts-check
/* Helpers shared by the other scripts (window.GuideCore); documented in types/guide.d.ts. */
(function () {
  "use strict";

  /** @param {string} selector @param {ParentNode} [root] @returns {any} */
  function $(selector, root) { return (root || document).querySelector(selector); }
  /** @param {string} selector @param {ParentNode} [root] @returns {any[]} */
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  /** @param {string} text */
  function capitalize(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  /** @param {number} n @param {string} noun */
  function plural(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  /** @param {string} tag @param {Record<string, string>} [attrs] @param {string} [text] @returns {any} */
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, (attrs || {})[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // Per-element state lives here, not in properties on DOM nodes.
  /** @type {WeakMap<object, Record<string, any>>} */
  const internal = new WeakMap();
  /** @param {object} node @returns {Record<string, any>} */
  function data(node) {
    let found = internal.get(node);
    if (!found) { found = {}; internal.set(node, found); }
    return found;
  }

  /** @param {Element|null} region @param {string} text */
  function announce(region, text) {
    if (!region) return;
    const state = data(region);
    region.textContent = "";
    clearTimeout(state.timer);
    state.timer = setTimeout(function () { region.textContent = text; }, 50);
  }

  /** @param {string} text @returns {Promise<void>} */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }
  /** @param {string} text @returns {Promise<void>} */
  function legacyCopy(text) {
    const area = el("textarea", { readonly: "", style: "position: fixed; opacity: 0" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (_e) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  /** @type {Record<string, Promise<void>|null>} */
  const loading = {};
  /** @param {string} name @param {() => boolean} ready @returns {Promise<void>} */
  function loadScript(name, ready) {
    if (ready()) return Promise.resolve();
    let pending = loading[name];
    if (!pending) {
      pending = loading[name] = new Promise(function (resolve, reject) {
        const script = el("script", { src: new URL(name, BASE).href });
        script.onload = function () { if (ready()) resolve(); else reject(new Error(name + " did not load")); };
        script.onerror = function () { loading[name] = null; reject(new Error(name + " not loaded")); };
        document.head.appendChild(script);
      });
    }
    return pending;
  }
  const BASE = document.currentScript ? /** @type {HTMLScriptElement} */ (document.currentScript).src : location.href;

  /** @param {() => void} setUp @param {string} readySelector */
  function onPageView(setUp, readySelector) {
    function start() {
      const doc$ = /** @type {any} */ (window).document$;
      if (doc$ && typeof doc$.subscribe === "function") doc$.subscribe(setUp);
      if (!document.querySelector(readySelector)) setUp();
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  window.GuideCore = {
    $: $, $$: $$, el: el, capitalize: capitalize, plural: plural, data: data,
    announce: announce, copyText: copyText, loadScript: loadScript, onPageView: onPageView
  };
})();
