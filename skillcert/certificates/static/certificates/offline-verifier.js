/* SkillCert offline verifier: checks a certificate's QR payload (SC1:… — CBOR / COSE_Sign1 / zlib /
 * Base45) or its credential (vc+jwt) with the published Ed25519 keys, in the browser, with no server;
 * when online it also reads the signed Bitstring Status List: the 2-bit "message" list (0 valid,
 * 1 suspended, 2 revoked, 3 voided) for QR records and new credentials, the one-bit revocation and
 * suspension lists for credentials issued before it. Used by the downloadable standalone page and
 * by the platform's public page. Needs WebCrypto Ed25519 and CompressionStreams. */
(function (global) {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  var PREFIX = "SC1:";
  var MIN_ENTRIES = 131072; /* the specification's minimum number of entries in a list */
  var STATES = ["valid", "suspended", "revoked", "voided"]; /* values of the 2-bit message list */
  var M = {};

  function t(key, params) {
    var text = M[key] || key;
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(params[name]));
    });
    return text;
  }

  function Invalid(reason) {
    this.reason = reason;
  }

  function fail(key, params) {
    throw new Invalid(t(key, params));
  }

  function b45decode(text) {
    var out = [];
    if (text.length % 3 === 1) fail("truncated");
    for (var i = 0; i < text.length; i += 3) {
      var chunk = [];
      for (var j = i; j < Math.min(i + 3, text.length); j++) {
        var v = ALPHABET.indexOf(text.charAt(j));
        if (v < 0) fail("bad_char", { ch: text.charAt(j) });
        chunk.push(v);
      }
      if (chunk.length === 3) {
        var n = chunk[0] + chunk[1] * 45 + chunk[2] * 2025;
        if (n > 0xffff) fail("corrupt");
        out.push(n >> 8, n & 0xff);
      } else {
        var m = chunk[0] + chunk[1] * 45;
        if (m > 0xff) fail("corrupt");
        out.push(m);
      }
    }
    return new Uint8Array(out);
  }

  function b64urlDecode(text) {
    var s = String(text).replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  async function decompress(bytes, format) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /* A CBOR decoder for what the platform signs: integers, byte and text strings, arrays, maps, tags. */
  function cborDecode(bytes) {
    var pos = 0;
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    function need(n) {
      if (pos + n > bytes.length) throw new Error("cbor: truncated");
    }
    function length(info) {
      if (info < 24) return info;
      if (info === 24) { need(1); return bytes[pos++]; }
      if (info === 25) { need(2); pos += 2; return view.getUint16(pos - 2); }
      if (info === 26) { need(4); pos += 4; return view.getUint32(pos - 4); }
      if (info === 27) { need(8); pos += 8; return Number(view.getBigUint64(pos - 8)); }
      throw new Error("cbor: indefinite lengths are not used");
    }
    function item() {
      need(1);
      var first = bytes[pos++];
      var major = first >> 5;
      var info = first & 31;
      if (major === 7) {
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        throw new Error("cbor: unsupported simple value");
      }
      var n = length(info);
      var i, out;
      switch (major) {
        case 0: return n;
        case 1: return -1 - n;
        case 2: need(n); pos += n; return bytes.slice(pos - n, pos);
        case 3: need(n); pos += n; return new TextDecoder("utf-8", { fatal: true }).decode(bytes.slice(pos - n, pos));
        case 4: out = []; for (i = 0; i < n; i++) out.push(item()); return out;
        case 5: out = new Map(); for (i = 0; i < n; i++) { var k = item(); out.set(k, item()); } return out;
        case 6: return { tag: n, value: item() };
      }
      throw new Error("cbor: bad major type");
    }
    var value = item();
    if (pos !== bytes.length) throw new Error("cbor: trailing bytes");
    return value;
  }

  function cborHead(major, n) {
    if (n < 24) return [(major << 5) | n];
    if (n < 256) return [(major << 5) | 24, n];
    if (n < 65536) return [(major << 5) | 25, n >> 8, n & 0xff];
    return [(major << 5) | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  }

  /* Sig_structure of RFC 9052 §4.4: ["Signature1", protected, h'', payload]. */
  function sigStructure(protectedBytes, payload) {
    var label = new TextEncoder().encode("Signature1");
    var parts = [[0x84], cborHead(3, label.length), Array.from(label), cborHead(2, protectedBytes.length),
      Array.from(protectedBytes), [0x40], cborHead(2, payload.length), Array.from(payload)];
    return new Uint8Array([].concat.apply([], parts));
  }

  async function ed25519Verify(x, signature, data) {
    if (!global.crypto || !global.crypto.subtle) fail("no_webcrypto");
    var key;
    try {
      key = await crypto.subtle.importKey("raw", b64urlDecode(x), { name: "Ed25519" }, false, ["verify"]);
    } catch (e) {
      fail("no_webcrypto");
    }
    return crypto.subtle.verify({ name: "Ed25519" }, key, signature, data);
  }

  function keyById(keys, kid) {
    for (var i = 0; i < keys.length; i++) if (keys[i].kid === kid) return keys[i];
    return null;
  }

  function checkRetired(key, signedAtSeconds) {
    if (key.retired_at && signedAtSeconds * 1000 > Date.parse(key.retired_at)) {
      fail("retired", { kid: key.kid, signed: fmtTime(signedAtSeconds * 1000), retired: fmtTime(Date.parse(key.retired_at)) });
    }
  }

  function fmtTime(ms) {
    var d = new Date(ms + 8 * 3600 * 1000);
    return d.toISOString().slice(0, 16).replace("T", " ");
  }

  function extractPayload(text) {
    var s = String(text || "").replace(/^[\r\n\t]+|[\r\n\t]+$/g, "");
    var hash = s.indexOf("#");
    if (hash >= 0) {
      try {
        s = decodeURIComponent(s.slice(hash + 1));
      } catch (e) {
        fail("corrupt");
      }
    }
    return s;
  }

  async function verifyQr(text, keys) {
    var payload = extractPayload(text);
    if (!payload) fail("empty");
    if (payload.indexOf(PREFIX) !== 0) fail("prefix", { prefix: PREFIX });
    var compressed = b45decode(payload.slice(PREFIX.length));
    var message;
    try {
      message = await decompress(compressed, "deflate");
    } catch (e) {
      fail("inflate");
    }
    var cose;
    try {
      cose = cborDecode(message);
    } catch (e) {
      fail("structure");
    }
    if (cose && cose.tag === 18) cose = cose.value;
    if (!Array.isArray(cose) || cose.length !== 4 || !(cose[0] instanceof Uint8Array) ||
        !(cose[2] instanceof Uint8Array) || !(cose[3] instanceof Uint8Array)) fail("structure");
    var header;
    try {
      header = cborDecode(cose[0]);
    } catch (e) {
      fail("structure");
    }
    if (!(header instanceof Map) || header.get(1) !== -8) fail("alg");
    var kidBytes = header.get(4);
    if (!(kidBytes instanceof Uint8Array)) fail("structure");
    var kid = new TextDecoder().decode(kidBytes);
    var key = keyById(keys, kid);
    if (!key) fail("unknown_kid", { kid: kid });
    var ok = cose[3].length === 64 && (await ed25519Verify(key.x, cose[3], sigStructure(cose[0], cose[2])));
    if (!ok) fail("bad_signature");
    var record;
    try {
      record = cborDecode(cose[2]);
    } catch (e) {
      fail("record");
    }
    if (!(record instanceof Map)) fail("record");
    for (var f = 1; f <= 9; f++) if (!record.has(f)) fail("record");
    checkRetired(key, record.get(9));
    var d = String(record.get(7));
    return {
      kind: "qr",
      kid: kid,
      number: record.get(1),
      name: record.get(2),
      idNumber: record.get(3),
      occupationCode: record.get(4),
      level: record.get(5),
      institutionCode: record.get(6),
      issuedOn: d.slice(0, 4) + "-" + d.slice(4, 6) + "-" + d.slice(6, 8),
      statusIndex: record.get(8),
      status: null,
    };
  }

  function jsonPart(part) {
    try {
      return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b64urlDecode(part)));
    } catch (e) {
      fail("jwt_format");
    }
  }

  async function verifyJwt(token, keys) {
    var parts = String(token || "").trim().split(".");
    if (parts.length !== 3 || !parts[0] || !parts[1] || !parts[2]) fail("jwt_format");
    var header = jsonPart(parts[0]);
    var claims = jsonPart(parts[1]);
    if (header.alg !== "Ed25519" && header.alg !== "EdDSA") fail("alg");
    var kid = String(header.kid || "").split("#").pop();
    var key = keyById(keys, kid);
    if (!key) fail("unknown_kid", { kid: kid });
    var sig;
    try {
      sig = b64urlDecode(parts[2]);
    } catch (e) {
      fail("jwt_format");
    }
    var ok = sig.length === 64 && (await ed25519Verify(key.x, sig, new TextEncoder().encode(parts[0] + "." + parts[1])));
    if (!ok) fail("jwt_signature");
    if (typeof claims.iat !== "number") fail("jwt_format");
    checkRetired(key, claims.iat);
    return claims;
  }

  async function verifyCredential(token, keys) {
    var claims = await verifyJwt(token, keys);
    var subject = claims.credentialSubject || {};
    var ids = {};
    (subject.identifier || []).forEach(function (e) { ids[e.identityType] = e.identityHash; });
    var achievement = subject.achievement || {};
    var entry = statusEntry(claims);
    return {
      kind: "vc",
      kid: "",
      number: ids.identifier,
      name: ids.name,
      idNumber: ids.nationalIdentityNumber,
      occupationCode: achievement.humanCode,
      occupation: achievement.name,
      level: null,
      institutionCode: "",
      issuedOn: String(claims.validFrom || "").slice(0, 10),
      statusIndex: entry ? entry.index : null,
      status: entry,
    };
  }

  /* The credential's status entry: the 2-bit message entry of new credentials, or the one-bit
   * revocation entry of credentials issued before it (an array is accepted, its message entry first). */
  function statusEntry(claims) {
    var entry = claims.credentialStatus;
    if (Array.isArray(entry)) {
      var message = entry.filter(function (e) { return e && e.statusPurpose === "message"; });
      entry = message.length ? message[0] : entry[0];
    }
    if (!entry || typeof entry !== "object") return { purpose: "", index: null, url: "", size: 1, messages: null };
    return {
      purpose: String(entry.statusPurpose || ""),
      index: entry.statusListIndex,
      url: String(entry.statusListCredential || ""),
      size: entry.statusSize === undefined ? 1 : entry.statusSize,
      messages: entry.statusMessage,
    };
  }

  /* One status list: verify its signature and shape, then read the `size` bits of entry `index`,
   * left-most bit first. */
  async function readValue(url, purpose, size, index, keys, fetcher) {
    var response = await fetcher(url, { cache: "no-cache" });
    if (!response.ok) fail("list_http", { status: response.status });
    var claims = await verifyJwt(await response.text(), keys);
    var subject = claims.credentialSubject;
    if (!Array.isArray(claims.type) || claims.type.indexOf("BitstringStatusListCredential") < 0 ||
        !subject || typeof subject !== "object") fail("list_format");
    if ([].concat(subject.statusPurpose).indexOf(purpose) < 0) fail("list_purpose");
    var listSize = subject.statusSize === undefined ? 1 : subject.statusSize;
    if (listSize !== size) fail("list_size", { list: listSize, entry: size });
    var encoded = String(subject.encodedList || "");
    if (encoded.charAt(0) !== "u") fail("list_format");
    var bits;
    try {
      bits = await decompress(b64urlDecode(encoded.slice(1)), "gzip");
    } catch (e) {
      fail("list_format");
    }
    var entries = Math.floor((bits.length * 8) / size);
    if (entries < MIN_ENTRIES) fail("list_short", { entries: entries, minimum: MIN_ENTRIES });
    var text = String(index).trim();
    var i = Number(text);
    if (!Number.isInteger(i) || String(i) !== text || i < 0 || i >= entries) {
      fail("index_range", { index: index, size: entries });
    }
    var value = 0;
    for (var k = 0; k < size; k++) {
      var p = i * size + k;
      value = (value << 1) | ((bits[p >> 3] >> (7 - (p & 7))) & 1);
    }
    return value;
  }

  function messageEntryOk(entry) {
    if (entry.size !== 2 || !Array.isArray(entry.messages) || entry.messages.length !== 4) return false;
    return entry.messages.every(function (m, k) { return m && m.status === "0x" + k.toString(16); });
  }

  /* The latest status: "valid", "suspended", "revoked", "voided", or (a credential issued before
   * the message list, whose revocation bit covers both) "revoked_or_voided". */
  async function checkStatus(result, config, fetcher) {
    var lists = config.statusLists || {};
    var entry = result.status;
    if (!entry) {
      /* A QR record: its index in the message list the page names. */
      entry = { purpose: "message", index: result.statusIndex, url: lists.message, size: 2, messages: null };
    } else if (entry.purpose === "message" && !messageEntryOk(entry)) {
      fail("entry_format");
    }
    if (entry.purpose === "message") {
      return STATES[await readValue(entry.url, "message", 2, entry.index, config.keys, fetcher)];
    }
    if (entry.purpose !== "revocation") fail("entry_purpose", { purpose: entry.purpose });
    /* The old entry names the revocation list; the same index in the suspension list beside it. */
    if (await readValue(entry.url, "revocation", 1, entry.index, config.keys, fetcher)) return "revoked_or_voided";
    var suspension = entry.url.replace(/revocation$/, "suspension");
    return (await readValue(suspension, "suspension", 1, entry.index, config.keys, fetcher)) ? "suspended" : "valid";
  }

  async function verifyText(text, config) {
    M = config.messages || M;
    var s = String(text || "").trim();
    try {
      var result = /^eyJ/.test(s) ? await verifyCredential(s, config.keys) : await verifyQr(text, config.keys);
      return { valid: true, message: t("valid"), reason: "", result: result };
    } catch (e) {
      if (e instanceof Invalid) return { valid: false, message: t("invalid"), reason: e.reason, result: null };
      return { valid: false, message: t("invalid"), reason: t("corrupt"), result: null };
    }
  }

  function row(label, value) {
    var tr = document.createElement("tr");
    var th = document.createElement("th");
    var td = document.createElement("td");
    th.textContent = label;
    td.textContent = value === null || value === undefined ? "" : String(value);
    tr.appendChild(th);
    tr.appendChild(td);
    return tr;
  }

  function mount(root, config) {
    M = config.messages || {};
    var input = root.querySelector("[data-role=payload]");
    var button = root.querySelector("[data-role=verify]");
    var verdict = root.querySelector("[data-role=verdict]");
    var reason = root.querySelector("[data-role=reason]");
    var fields = root.querySelector("[data-role=fields]");
    var status = root.querySelector("[data-role=status]");
    var fetcher = config.fetch || function (u, o) { return global.fetch(u, o); };

    async function run() {
      verdict.textContent = t("checking");
      verdict.className = "verdict";
      reason.textContent = "";
      status.textContent = "";
      fields.innerHTML = "";
      var answer = await verifyText(input.value, config);
      verdict.textContent = answer.message;
      verdict.className = "verdict " + (answer.valid ? "ok" : "bad");
      verdict.setAttribute("data-valid", answer.valid ? "true" : "false");
      reason.textContent = answer.reason ? t("reason") + answer.reason : "";
      if (!answer.valid) return answer;
      var r = answer.result;
      fields.appendChild(row(t("f_number"), r.number));
      fields.appendChild(row(t("f_name"), r.name));
      fields.appendChild(row(t("f_id"), r.idNumber));
      fields.appendChild(row(t("f_occupation"), r.occupation ? r.occupation + "（" + r.occupationCode + "）" : r.occupationCode));
      if (r.level) fields.appendChild(row(t("f_level"), (config.levels || {})[r.level] || r.level));
      if (r.institutionCode) fields.appendChild(row(t("f_institution"), r.institutionCode));
      fields.appendChild(row(t("f_issued"), r.issuedOn));
      status.textContent = t("status_checking");
      try {
        var state = await checkStatus(r, config, fetcher);
        status.textContent = t("status_" + state);
        status.setAttribute("data-status", state);
      } catch (e) {
        status.textContent = e instanceof Invalid ? t("status_failed") + e.reason : t("status_offline");
        status.setAttribute("data-status", e instanceof Invalid ? "invalid" : "offline");
      }
      return answer;
    }

    button.addEventListener("click", function () { run(); });
    root.verify = run;
    var hash = global.location && global.location.hash;
    if (config.readHash && hash && hash.length > 1) {
      input.value = global.location.href;
      run();
    }
    return run;
  }

  global.SkillCertVerifier = {
    verifyText: verifyText,
    checkStatus: checkStatus,
    mount: mount,
    b45decode: b45decode,
    cborDecode: cborDecode,
    sigStructure: sigStructure,
  };
})(window);
