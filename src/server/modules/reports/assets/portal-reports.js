// The report pages' map (Leaflet, served from this site): the public list and a report's place, and on the form a pin
// to drop and move, "my location", an address search over the street directory and the "already reported?" hint.
// Everything works without this script: the form then takes a street and a house number.
(() => {
  const L = window.L;
  const slug = (/^\/m\/([^/]+)\//.exec(location.pathname) || [])[1];
  if (!L || !slug) return;

  const byId = (id) => document.getElementById(id);
  const readJson = (id) => {
    const el = byId(id);
    try {
      return el ? JSON.parse(el.textContent || 'null') : null;
    } catch {
      return null;
    }
  };
  const lang = new URLSearchParams(location.search).get('lang');
  const withLang = (params) => {
    if (lang === 'de' || lang === 'en') params.set('lang', lang);
    return params.toString();
  };

  /** A map in `el` with the tenant's tiles (or a plain background), centred on the town or on Germany. */
  function makeMap(el) {
    el.hidden = false;
    const map = L.map(el, { attributionControl: false, scrollWheelZoom: false });
    const tiles = el.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, { subdomains: ['a', 'b', 'c'], maxZoom: 19 }).addTo(map);
      if (el.dataset.attribution) {
        const attribution = L.control.attribution({ prefix: false }).addTo(map);
        attribution.addAttribution(el.dataset.attribution.replace(/[<>&]/g, ''));
      }
    } else {
      for (const note of document.querySelectorAll('.report-map-note')) note.hidden = false;
    }
    const lat = Number.parseFloat(el.dataset.lat);
    const lng = Number.parseFloat(el.dataset.lng);
    if (Number.isFinite(lat) && Number.isFinite(lng)) map.setView([lat, lng], 15);
    else map.setView([51.1, 10.4], 6);
    return map;
  }

  function linkPopup(label, href) {
    const box = document.createElement('div');
    if (href) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = label;
      box.appendChild(a);
    } else box.textContent = label;
    return box;
  }

  // the public list and a report's page: the reports as pins
  const listMap = byId('reports-map');
  if (listMap) {
    const map = makeMap(listMap);
    const points = readJson('reports-points') || [];
    const markers = points.map((p) => L.marker([p.lat, p.lng], { title: p.label, alt: p.label }).bindPopup(linkPopup(p.label, p.href)).addTo(map));
    if (markers.length > 1) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2));
    else if (markers.length === 1) map.setView(markers[0].getLatLng(), 17);
  }

  const formMap = byId('report-map');
  if (!formMap) return;
  const texts = readJson('reports-texts') || {};
  const latInput = byId('lat');
  const lngInput = byId('lng');
  const category = byId('category');
  const status = byId('pin-status');
  const nearbyBox = byId('nearby');
  for (const tools of document.querySelectorAll('.report-map-tools')) tools.hidden = false;
  const map = makeMap(formMap);
  let pin = null;

  const say = (text) => {
    if (status) status.textContent = text;
  };

  let nearbyTimer = 0;
  function checkNearby() {
    clearTimeout(nearbyTimer);
    nearbyTimer = setTimeout(async () => {
      if (!pin || !category?.value || !nearbyBox) return;
      const at = pin.getLatLng();
      const query = withLang(new URLSearchParams({ category: category.value, lat: at.lat.toFixed(6), lng: at.lng.toFixed(6) }));
      try {
        const res = await fetch(`/m/${slug}/reports/nearby?${query}`, { headers: { accept: 'application/json' } });
        if (!res.ok) return;
        const { items } = await res.json();
        nearbyBox.replaceChildren();
        nearbyBox.hidden = !items.length;
        if (!items.length) return;
        const h = document.createElement('h2');
        h.textContent = texts.nearbyTitle || '';
        const p = document.createElement('p');
        p.textContent = texts.nearbyIntro || '';
        const list = document.createElement('ul');
        for (const item of items) {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = item.href;
          a.textContent = `Nr. ${item.number} (${item.statusText}, ${item.distanceM} m): ${item.description}`;
          li.appendChild(a);
          list.appendChild(li);
        }
        nearbyBox.append(h, p, list);
      } catch {
        // no hint then: the form still asks on submit
      }
    }, 400);
  }

  function setPin(latlng, zoom) {
    if (!pin) {
      pin = L.marker(latlng, { draggable: true, autoPan: true, title: texts.pinSet || '' }).addTo(map);
      pin.on('dragend', () => setPin(pin.getLatLng()));
    } else pin.setLatLng(latlng);
    latInput.value = latlng.lat.toFixed(6);
    lngInput.value = latlng.lng.toFixed(6);
    if (zoom) map.setView(latlng, zoom);
    say(texts.pinSet || '');
    checkNearby();
  }

  const startLat = Number.parseFloat(latInput.value);
  const startLng = Number.parseFloat(lngInput.value);
  if (Number.isFinite(startLat) && Number.isFinite(startLng)) setPin(L.latLng(startLat, startLng), 17);
  map.on('click', (e) => setPin(e.latlng));

  const locate = byId('locate-me');
  if (locate) {
    if (!navigator.geolocation) locate.hidden = true;
    locate.addEventListener('click', () => {
      navigator.geolocation.getCurrentPosition(
        (pos) => setPin(L.latLng(pos.coords.latitude, pos.coords.longitude), 18),
        () => say(texts.locateFailed || ''),
        { enableHighAccuracy: true, timeout: 15000 },
      );
    });
  }

  const search = byId('address-search');
  const results = byId('address-results');
  let searchTimer = 0;
  if (search && results) {
    search.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(async () => {
        const q = search.value.trim();
        results.replaceChildren();
        if (q.length < 2) return;
        try {
          const res = await fetch(`/m/${slug}/reports/address-search?${withLang(new URLSearchParams({ q }))}`, { headers: { accept: 'application/json' } });
          if (!res.ok) return;
          const { items } = await res.json();
          if (!items.length) {
            const li = document.createElement('li');
            li.textContent = texts.addressNone || '';
            results.appendChild(li);
          }
          for (const item of items) {
            const li = document.createElement('li');
            const b = document.createElement('button');
            b.type = 'button';
            b.className = 'link-button';
            b.textContent = item.label;
            b.addEventListener('click', () => {
              setPin(L.latLng(item.lat, item.lng), 18);
              results.replaceChildren();
              search.value = item.label;
            });
            li.appendChild(b);
            results.appendChild(li);
          }
        } catch {
          // the street select below still works
        }
      }, 300);
    });
    // Enter in the search must not send the report
    search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') e.preventDefault();
    });
  }

  if (category) {
    const next = byId('category-next');
    const fieldsOf = () => Number(category.selectedOptions[0]?.dataset.fields || 0);
    let had = fieldsOf();
    // a category with extra fields needs the page again with them (as "Weiter" does without JavaScript)
    if (next) next.hidden = true;
    category.addEventListener('change', () => {
      const has = fieldsOf();
      if ((has || had) && next) next.click();
      had = has;
      checkNearby();
    });
  }
})();
