// Journey Catalog's search worker: Material's search worker protocol, answered from the
// lunr index built with the site (search/lunr_index.json), so that the first search does
// not wait for an index to be built in the browser. Results have the shape Material's
// worker gives: entries grouped by page, the words found marked, and which searched words
// each result has. No data from the catalog is evaluated here.
/* global lunr */
"use strict";

importScripts("lunr.js");

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var FIELDS = ["title", "text", "tags"];

// Fetched at once, while the page fetches the entries it sends with the setup message.
var prebuilt = fetch(new URL("../../search/lunr_index.json", self.location.href))
  .then(function (response) {
    return response.ok ? response.json() : null;
  })
  .catch(function () { return null; });  // e.g. a site opened from files

var index = null;
var options = {};
var entries = [];  // the index refers to an entry by its place here
var pages = new Map();  // a page's path -> its first entry
var separator = /[\s\-]+/;
var splitter = /([\s\-]+)/;  // the separator, kept in what it splits
var termOf = new Map();  // word -> term(word)
var indexing = [];  // the pipeline the index was made with, but for the stemmer's search side

function setup(data) {
  options = data.options || {};
  separator = new RegExp(data.config.separator || "[\\s\\-]+");
  lunr.tokenizer.separator = separator;
  splitter = new RegExp("(" + separator.source + ")");
  termOf = new Map();
  indexing = ["trimmer", "stopWordFilter", "stemmer"].filter(function (name) {
    return (data.config.pipeline || []).indexOf(name) >= 0;
  }).map(function (name) { return lunr[name]; });
  pages = new Map();
  entries = data.docs.map(function (doc) {
    var path = doc.location.split("#")[0];
    var page = pages.get(path);
    if (!page) { pages.set(path, doc); }
    return page ? Object.assign({ parent: page }, doc) : doc;
  });
  return prebuilt.then(function (serialized) {
    try {
      index = serialized ? lunr.Index.load(serialized) : null;
    } catch (err) {
      index = null;  // not an index this lunr.js reads
    }
    index = index || buildInBrowser(data);
  });
}

function buildInBrowser(data) {
  return lunr(function () {
    var builder = this;
    builder.pipeline.reset();
    builder.searchPipeline.reset();
    indexing.forEach(function (fn) { builder.pipeline.add(fn); });
    if (indexing.indexOf(lunr.stemmer) >= 0) { builder.searchPipeline.add(lunr.stemmer); }
    builder.b(0);
    builder.ref("ref");
    Object.keys(data.config.fields).forEach(function (name) {
      builder.field(name, {
        boost: data.config.fields[name].boost,
        extractor: function (doc) {
          var value = doc[name];
          if (value === undefined) { return undefined; }
          return words(Array.isArray(value) ? value.join(" ") : String(value));
        }
      });
    });
    data.docs.forEach(function (doc, place) {
      builder.add(Object.assign({ ref: String(place) }, doc), { boost: doc.boost });
    });
  });
}

// Text as the index was made from it: tags and separators are spaces.
function words(text) {
  return text.replace(/<[^>]*>/g, " ").split(separator).join(" ");
}

// A person's query in lunr's syntax, as Material writes it: quoted words are all required,
// stray operators are dropped, and every plain word also finds the words it begins.
function lunrQuery(query) {
  var parts = [];
  query.trim().split(/"([^"]*)"/).forEach(function (part, quoted) {
    part.split(/\s+/).forEach(function (word) {
      if (!word) { return; }
      var sign = /^[+-]/.test(word) ? word[0] : (quoted % 2 ? "+" : "");
      var core = word.replace(/^[+-]+/, "");
      var modifier = (core.match(/[~^]\d*$/) || [""])[0];
      core = core.slice(0, core.length - modifier.length);
      var field = core.match(/^(title|text|tags):/);
      core = (field ? core.slice(field[0].length) : core).replace(/[:*+\-~^]/g, " ");
      core.split(separator).forEach(function (term) {
        term = term.trim().toLowerCase();
        if (!term) { return; }
        var suffix = modifier ? modifier + (/\d$/.test(modifier) ? "" : "1") : (sign ? "" : "*");
        parts.push({ sign: sign, term: term, text: sign + (field ? field[0] : "") + term + suffix });
      });
    });
  });
  return parts;
}

// The words of `html` (outside tags) that the index found, marked as Material marks them;
// with `blocks`, only the paragraphs and items that have one (or the first, if none does).
function highlight(html, marker, blocks) {
  if (!blocks) { return markText(html, marker); }
  var pieces = html.split(/(<\/(?:p|li|pre|h[1-6]|td|dd|dt)>)/);
  var parts = [];
  for (var i = 0; i < pieces.length; i += 2) {
    var part = (pieces[i] + (pieces[i + 1] || "")).trim();
    if (part) { parts.push(markText(part, marker)); }
  }
  var kept = parts.filter(function (part) { return part.indexOf("<mark") >= 0; });
  return (kept.length ? kept : parts.slice(0, 1)).join(" ");
}

function markText(html, marker) {
  return html.split(/(<[^>]*>)/).map(function (piece) {
    return piece.charAt(0) === "<" ? piece : marker(piece);
  }).join("");
}

// What marks the words of a text that the index holds as one of `found` (index terms).
// With only the stop word filter in the pipeline a word's term is the word in lowercase,
// so one expression finds them all; otherwise each word goes through the pipeline.
function markerOf(found) {
  var open = "<mark data-md-highlight>", close = "</mark>";
  if (!found.size) { return function (text) { return text; }; }
  if (indexing.every(function (fn) { return fn === lunr.stopWordFilter; })) {
    var longestFirst = Array.from(found).sort(function (a, b) { return b.length - a.length; });
    var pattern = new RegExp("(^|" + separator.source + ")(" + longestFirst.map(escapeRegExp).join("|") +
      ")(?=" + separator.source + "|$)", "gi");
    return function (text) { return text.replace(pattern, "$1" + open + "$2" + close); };
  }
  return function (text) {
    return text.split(splitter).map(function (word, place) {
      return place % 2 === 0 && word && found.has(term(word)) ? open + word + close : word;
    }).join("");
  };
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A word as the index holds it: lowercase, through the pipeline the site's search uses.
function term(word) {
  var known = termOf.get(word);
  if (known !== undefined) { return known; }
  var token = new lunr.Token(word.toLowerCase(), {});
  for (var i = 0; i < indexing.length && token; i++) { token = indexing[i](token, 0, [token]); }
  known = token ? token.toString() : "";
  termOf.set(word, known);
  return known;
}

function search(query) {
  var clauses = lunrQuery(query);
  if (!clauses.length) { return { items: [] }; }
  var wanted = clauses.filter(function (c) { return c.sign !== "-"; });
  wanted.forEach(function (clause) {
    clause.stem = index.pipeline.runString(clause.term)[0] || clause.term;
    clause.counts = Boolean(lunr.stopWordFilter(clause.term));
  });
  var matches;
  try {
    matches = index.search(clauses.map(function (c) { return c.text; }).join(" "));
  } catch (err) {
    return { items: [] };
  }
  var results = [];
  matches.forEach(function (match) {
    var doc = entries[Number(match.ref)];
    if (!doc) { return; }
    var found = Object.keys(match.matchData.metadata);
    var terms = {};
    var had = 0;
    wanted.forEach(function (clause) {
      var has = found.some(function (t) { return t.indexOf(clause.stem) === 0 || t.indexOf(clause.term) === 0; });
      if (has || clause.counts) { terms[clause.term] = has; had += has ? 1 : 0; }
    });
    var counted = Object.keys(terms).length;
    var boost = (doc.parent ? 0 : 1) + (counted ? had / counted : 0);
    results.push(Object.assign({}, doc, { score: match.score * (1 + boost * boost), terms: terms, found: found }));
  });
  results.sort(function (a, b) { return b.score - a.score; });
  var groups = new Map();
  results.forEach(function (item) {
    var page = item.parent ? item.parent.location : item.location;
    if (!groups.has(page)) { groups.set(page, []); }
    groups.get(page).push(item);
  });
  groups.forEach(function (items, page) {
    if (!items.some(function (item) { return item.location === page; })) {
      items.push(Object.assign({}, pages.get(page), { score: 0, terms: {}, found: [] }));
    }
  });
  var items = Array.from(groups.values());
  mark(items.slice(0, MARKED_PAGES), true);
  mark(items.slice(MARKED_PAGES), false);
  return options.suggest ? { items: items, suggest: suggestions(wanted) } : { items: items };
}

// With Material's `search.suggest`: the words of the best title that has every word
// searched for, or the start of it, as Material's worker suggests them.
function suggestions(wanted) {
  var titles = index.query(function (query) {
    wanted.forEach(function (clause) {
      query.term(clause.term, {
        fields: ["title"],
        presence: lunr.Query.presence.REQUIRED,
        wildcard: lunr.Query.wildcard.TRAILING
      });
    });
  });
  return titles.length ? Object.keys(titles[0].matchData.metadata) : [];
}

// Marks the words found in the results of the first pages (Material shows ten results, then
// more as the list is scrolled); the rest, shown only far down the list, keep their first
// paragraph unmarked, so that a one-letter query over every page stays quick.
var MARKED_PAGES = 50;

function mark(groups, marked) {
  var found = new Set();
  if (marked) {
    groups.forEach(function (items) {
      items.forEach(function (item) { item.found.forEach(function (t) { found.add(t); }); });
    });
  }
  var marker = markerOf(found);
  groups.forEach(function (items) {
    items.forEach(function (item) {
      FIELDS.forEach(function (field) {
        if (typeof item[field] === "string") { item[field] = highlight(item[field], marker, field === "text"); }
      });
      delete item.found;
    });
  });
}

// A person types faster than a short prefix ("c") is searched: of the queries waiting,
// only the latest is answered.
var latest = null;

function answer() {
  if (latest === null) { return; }
  var query = latest;
  latest = null;
  postMessage({ type: RESULT, data: index ? search(query) : { items: [] } });
}

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    setup(message.data).then(function () { postMessage({ type: READY }); });
  } else if (message.type === QUERY) {
    if (latest === null) { setTimeout(answer, 0); }
    latest = message.data;
  }
});
