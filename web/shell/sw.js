// Service worker of the packaged site: keeps the app's own files so it works with the network off.
// scripts/package fills in the file list and a version derived from the files' hashes; a new
// version replaces the old cache. It only ever fetches this site's files: nothing else is allowed
// by the page's Content-Security-Policy, and user data never passes through here (files are read
// locally with File.slice, not fetched).
'use strict';
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = 'clv-studio-' + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('clv-studio-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

// Cache first: the files are named by content hash, so a cached copy is never stale; the page
// itself (index.html) is refreshed from the network when there is one.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  const isPage = request.mode === 'navigate';
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      if (isPage) {
        try {
          const fresh = await fetch(request);
          if (fresh.ok) cache.put('./', fresh.clone());
          return fresh;
        } catch (e) {
          return (await cache.match('./')) || (await cache.match('index.html')) || Response.error();
        }
      }
      return (await cache.match(request)) || fetch(request);
    }));
});
