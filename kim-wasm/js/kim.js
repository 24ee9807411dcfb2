// The JavaScript half of kim-wasm's binding layer (imported by src/lib.rs through
// #[wasm_bindgen(module = "/js/kim.js")]): the KimError class and the few reads of a JS value
// that can run user code (getters, Proxy traps) and therefore must be able to throw. No rules.

/**
 * Every error kim throws: a real Error subclass with the stable code and field path of the
 * first problem and every problem in `violations` ({code, path, severity, message, messageDe,
 * params}). `err instanceof KimError` and `err instanceof Error` both hold.
 */
export class KimError extends Error {
  constructor(message, code, path, violations) {
    super(message);
    this.code = code;
    this.path = path;
    this.violations = violations;
  }
}
Object.defineProperty(KimError.prototype, "name", {
  value: "KimError",
  writable: true,
  configurable: true,
  enumerable: false,
});

/** Builds a KimError; the violations arrive as JSON text. */
export function kimError(message, code, path, violationsJson) {
  return new KimError(message, code, path, JSON.parse(violationsJson));
}

/** Is `v` a plain object: prototype null or a realm's Object.prototype (not a Date, Map, class instance, …)? */
export function isPlainObject(v) {
  // never throws (it is called from Rust without a catch: an exception would unwind through
  // the wasm frames): a revoked Proxy or a throwing getPrototypeOf trap is not a plain object
  try {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
    const proto = Object.getPrototypeOf(v);
    return proto === null || Object.getPrototypeOf(proto) === null;
  } catch {
    return false;
  }
}

/**
 * The elements of a batch argument as a plain array, read here so that no getter or Proxy trap
 * runs inside wasm: `null` when it is not an array, `{ threw }` when reading it threw, `{ size }`
 * when it has more than `maxItems` elements. Never throws (it is called from Rust without a catch).
 */
export function arrayItems(v, maxItems) {
  try {
    if (!Array.isArray(v)) return null;
    const n = v.length;
    if (n > maxItems) return { size: String(n) };
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = v[i];
    return out;
  } catch (e) {
    let why;
    try {
      why = e instanceof Error ? e.message : String(e);
    } catch {
      why = "an exception";
    }
    return { threw: String(why).slice(0, 200) };
  }
}

const FAILED = Symbol("failed");
// a string needing a closer look: JSON escapes (", \, control characters) or a surrogate
const SPECIAL = /["\\\u0000-\u001f\uD800-\uDFFF]/;
const LONE_SURROGATE = /\p{Cs}/u; // a lone surrogate: text that is not well-formed Unicode

/**
 * Reads a JS value strictly into JSON text (the converter's walk; the codes are assigned in Rust,
 * src/convert.rs). Returns the text, or `{ kind, path, text, size }` (size as a decimal string) for the first value that is
 * not part of a kim document: kind "float" (a non-integer number, NaN, ±Infinity), "unsafe" (an
 * integer beyond Number.MAX_SAFE_INTEGER), "type" (anything but string, boolean, null, array,
 * plain object and safe integer; undefined inside an array; a lone surrogate), "threw" (a getter
 * or Proxy trap threw), "depth" (arrays and objects nested deeper than maxDepth) or "size" (JSON
 * text beyond maxBytes). Object properties whose value is undefined are left out; every own
 * enumerable string key (also "__proto__") is a key.
 */
export function toJson(root, maxDepth, maxBytes) {
  // the common case first: a check that builds nothing, then the engine's own JSON.stringify,
  // which writes exactly the walk's text for every value the check accepts (about 30 % faster
  // for a 20 KB plan); anything else (a refused value, a getter that throws, a toJSON method
  // installed on a built-in prototype) goes to the walk, which names the path
  if (!toJsonPatched()) {
    try {
      if (acceptable(root, maxDepth, maxBytes)) return JSON.stringify(root);
    } catch {
      // the walk reports what threw, with its path
    }
  }
  return walk(root, maxDepth, maxBytes);
}

const wellFormed =
  typeof "".isWellFormed === "function"
    ? (s) => s.isWellFormed()
    : (s) => !(SPECIAL.test(s) && LONE_SURROGATE.test(s));

/** Has the page given a built-in prototype a toJSON method (which JSON.stringify would call)? */
function toJsonPatched() {
  return [Object, Array, String, Number, Boolean].some(
    (c) => typeof c.prototype.toJSON === "function",
  );
}

/** Is `root` a kim document value (the walk's rules), checked without building any text? */
function acceptable(root, maxDepth, maxBytes) {
  let bytes = 0;
  const ok = (v, depth) => {
    switch (typeof v) {
      case "string":
        bytes += v.length + 2;
        return wellFormed(v);
      case "boolean":
        bytes += 5;
        return true;
      case "number":
        bytes += 17;
        return Number.isSafeInteger(v);
      case "object": {
        if (v === null) {
          bytes += 4;
          return true;
        }
        if (depth >= maxDepth) return false;
        if (Array.isArray(v)) {
          bytes += 2 + v.length;
          for (let i = 0; i < v.length; i++) {
            const item = v[i];
            if (item === undefined || !ok(item, depth + 1)) return false;
          }
          return bytes <= maxBytes;
        }
        if (!isPlainObject(v)) return false;
        bytes += 2;
        const keys = Object.keys(v);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          const item = v[k];
          if (item !== undefined) {
            bytes += k.length + 3;
            if (!wellFormed(k) || !ok(item, depth + 1)) return false;
          }
        }
        return bytes <= maxBytes;
      }
      default:
        return false;
    }
  };
  return ok(root, 0) && bytes <= maxBytes;
}

/** The converter's walk: the JSON text, or the first refused value with its path. */
function walk(root, maxDepth, maxBytes) {
  const at = [];
  let bytes = 0;
  let failure = null;
  const pathText = () =>
    at.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
  const fail = (kind, text, size) => {
    failure = { kind, path: pathText(), text: String(text), size: String(size ?? 0) };
    throw FAILED;
  };
  const count = (n) => {
    bytes += n;
    if (bytes > maxBytes) fail("size", "", bytes);
  };
  const str = (v) => {
    bytes += v.length + 2;
    if (bytes > maxBytes) fail("size", "", bytes);
    if (!SPECIAL.test(v)) return `"${v}"`;
    if (LONE_SURROGATE.test(v)) fail("type", "a string that is not well-formed Unicode (a lone surrogate)");
    return JSON.stringify(v);
  };
  const step = (v, depth) => {
    switch (typeof v) {
      case "string":
        return str(v);
      case "boolean":
        count(5);
        return v ? "true" : "false";
      case "number":
        count(17);
        if (Number.isSafeInteger(v)) return v === 0 ? "0" : String(v);
        return fail(Number.isInteger(v) ? "unsafe" : "float", String(v));
      case "object": {
        if (v === null) {
          count(4);
          return "null";
        }
        if (depth >= maxDepth) return fail("depth", "", depth + 1);
        if (Array.isArray(v)) {
          const n = v.length;
          count(2);
          if (bytes + n > maxBytes) fail("size", "", bytes + n);
          let out = "[";
          for (let i = 0; i < n; i++) {
            at.push(i);
            const item = v[i];
            if (item === undefined) fail("type", "undefined (or a hole) in an array; use null");
            bytes += 1;
            out += i === 0 ? step(item, depth + 1) : "," + step(item, depth + 1);
            at.pop();
          }
          return out + "]";
        }
        if (!isPlainObject(v)) return fail("type", describe(v));
        count(2);
        const keys = Object.keys(v);
        let out = "{";
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          at.push(k);
          const item = v[k];
          if (item !== undefined) {
            bytes += 1;
            out += (out.length === 1 ? "" : ",") + str(k) + ":" + step(item, depth + 1);
          }
          at.pop();
        }
        return out + "}";
      }
      default:
        return fail("type", describe(v));
    }
  };
  try {
    return step(root, 0);
  } catch (e) {
    if (e === FAILED) return failure;
    let why;
    try {
      why = e instanceof Error ? e.message : String(e);
    } catch {
      why = "an exception";
    }
    return { kind: "threw", path: pathText(), text: why.slice(0, 200), size: "0" };
  }
}

/** A short description of a value that is not part of a JSON document ("a Date", "a function"). */
export function describe(v) {
  try {
    switch (typeof v) {
      case "function":
        return "a function";
      case "symbol":
        return "a symbol";
      case "bigint":
        return "a BigInt";
      case "undefined":
        return "undefined";
      default: {
        const tag = Object.prototype.toString.call(v).slice(8, -1);
        return /^[AEIOU]/.test(tag) ? `an ${tag}` : `a ${tag}`;
      }
    }
  } catch {
    return "an unreadable object";
  }
}
