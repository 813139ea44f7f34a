// The llmesh portal: a small single-page app over the admin API (/admin/api). No framework, no build
// step: every page is a function that renders from the API's JSON; the live view polls every 2 s.

const api = "/admin/api/";
const main = document.getElementById("main");
let session = null;
let antiforgery = null;
let refreshTimer = null;
let entraEnabled = false;

// Every navigation, sign-in and sign-out starts a new generation; a page whose data arrives after
// the user moved on (or signed out) must not draw over what is on screen now.
let generation = 0;
const stale = mine => mine !== generation;

const esc = value => String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const when = iso => iso ? new Date(iso).toLocaleString() : "";
const seconds = s => s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function call(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") {
    if (session && !antiforgery) antiforgery = (await call("GET", "antiforgery")).token;
    if (antiforgery) headers["X-XSRF-TOKEN"] = antiforgery;
  }
  const response = await fetch(api + path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return null;
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const detail = json?.errors ? Object.values(json.errors).flat().join(" ") : (json?.detail ?? json?.title ?? response.statusText);
    throw new ApiError(response.status, detail);
  }
  return json;
}

function toast(message, isError = false) {
  const box = document.createElement("div");
  box.textContent = message;
  if (isError) box.className = "error";
  document.getElementById("toast").append(box);
  setTimeout(() => box.remove(), 6000);
}

async function guarded(action, mine = generation) {
  try { await action(); } catch (error) {
    if (stale(mine)) return;
    if (error instanceof ApiError && error.status === 401 && session) { await start(); return; }
    toast(error.message, true);
  }
}

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

// ---- Sign-in and first-run setup ----

// With Entra ID configured, a link that starts the sign-in; the browser comes back to /portal/ signed in.
function entraSignIn() {
  return entraEnabled
    ? `<p><a class="button" id="entra-signin" href="${api}entra/signin">Sign in with Microsoft</a></p>`
    : "";
}

function renderSetup() {
  main.innerHTML = `
    <section>
      <h2>First-run setup</h2>
      <p class="muted">This gateway has no admin yet. Enter the one-time code printed in the gateway's log, and choose the admin's name and password.</p>
      <form class="stack" id="setup-form">
        <label>Setup code <input name="code" id="setup-code" autocomplete="off" required></label>
        <label>Name <input name="name" id="setup-name" autocomplete="username" required></label>
        <label>Password (at least 12 characters) <input name="password" id="setup-password" type="password" autocomplete="new-password" required minlength="12"></label>
        <button type="submit">Create admin</button>
      </form>
      ${entraSignIn()}
    </section>`;
  document.getElementById("setup-form").addEventListener("submit", event => {
    event.preventDefault();
    guarded(async () => { session = await call("POST", "setup", formValues(event.target)); antiforgery = null; enter(); });
  });
}

function renderLogin() {
  main.innerHTML = `
    <section>
      <h2>Sign in</h2>
      <form class="stack" id="login-form">
        <label>Name <input name="name" id="login-name" autocomplete="username" required></label>
        <label>Password <input name="password" id="login-password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
      </form>
      ${entraSignIn()}
    </section>`;
  document.getElementById("login-form").addEventListener("submit", event => {
    event.preventDefault();
    guarded(async () => { session = await call("POST", "login", formValues(event.target)); antiforgery = null; enter(); });
  });
}

// ---- Pages ----

const pages = {
  async live(mine) {
    const view = await call("GET", "live");
    if (stale(mine)) return;
    main.innerHTML = `
      <section id="workers">
        <h2>Workers</h2>
        ${view.workers.length === 0 ? `<p class="muted">No agent is connected.</p>` : `
        <table><thead><tr><th>Worker</th><th>Agent</th><th>Owner</th><th>Models</th><th>Slots in use</th><th>State</th><th>Connected</th></tr></thead><tbody>
          ${view.workers.map(w => `<tr data-worker="${esc(w.id)}"><td>${esc(w.id)}</td><td>${esc(w.agent)} <span class="muted">${esc(w.version)}</span></td><td>${esc(w.owner)}</td>
            <td>${w.models.map(esc).join(", ")}</td><td>${w.inFlight} / ${w.slots}</td>
            <td>${w.draining ? "draining" : w.healthy ? `<span class="ok">ready</span>` : `<span class="bad">unhealthy</span>`}</td><td>${when(w.connectedAt)}</td></tr>`).join("")}
        </tbody></table>`}
      </section>
      <section id="running">
        <h2>Running (${view.running.length})</h2>
        ${view.running.length === 0 ? `<p class="muted">Nothing is running.</p>` : `
        <table><thead><tr><th>Job</th><th>User</th><th>Model</th><th>Tier</th><th>On</th><th>Running for</th></tr></thead><tbody>
          ${view.running.map(j => `<tr data-job="${esc(j.id)}"><td>${esc(j.id)}</td><td>${esc(j.user)}</td><td>${esc(j.model)}</td><td>${esc(j.priority)}</td><td>${esc(j.worker)}</td>
            <td>${seconds((Date.parse(view.at) - Date.parse(j.startedAt)) / 1000)}</td></tr>`).join("")}
        </tbody></table>`}
      </section>
      <section id="queue">
        <h2>Queue (${view.queue.length})</h2>
        ${view.queue.length === 0 ? `<p class="muted">No job is waiting.</p>` : `
        <table><thead><tr><th>Job</th><th>User</th><th>Model</th><th>Tier</th><th>Waiting</th></tr></thead><tbody>
          ${view.queue.map(j => `<tr><td>${esc(j.id)}</td><td>${esc(j.user)}</td><td>${esc(j.model)}</td><td>${esc(j.priority)}</td><td>${seconds(j.waitSeconds)}</td></tr>`).join("")}
        </tbody></table>`}
      </section>
      <section id="errors">
        <h2>Recent errors</h2>
        ${view.recentErrors.length === 0 ? `<p class="muted">None.</p>` : `
        <table><thead><tr><th>When</th><th>Job</th><th>User</th><th>Model</th><th>Status</th><th>Message</th></tr></thead><tbody>
          ${view.recentErrors.map(e => `<tr><td>${when(e.at)}</td><td>${esc(e.id)}</td><td>${esc(e.user)}</td><td>${esc(e.model)}</td><td>${e.status} ${esc(e.code)}</td><td>${esc(e.message)}</td></tr>`).join("")}
        </tbody></table>`}
      </section>
      <p class="muted">Updated ${when(view.at)}; refreshes every 2 seconds.</p>`;
    refreshTimer = setTimeout(() => { if (!stale(mine)) route(); }, 2000);
  },

  keys: mine => credentials("keys", "API key", mine),
  tokens: mine => credentials("tokens", "client token", mine),

  async aliases(mine) {
    const aliases = await call("GET", "aliases");
    if (stale(mine)) return;
    const admin = session.role === "admin";
    main.innerHTML = `
      <section>
        <h2>Aliases</h2>
        <p class="muted">An alias is one name over several models, in preference tiers: the first tier is used while it has a free slot.</p>
        <table><thead><tr><th>Alias</th><th>Tiers (most preferred first)</th><th></th></tr></thead><tbody>
          ${aliases.map(a => `<tr data-alias="${esc(a.name)}"><td>${esc(a.name)}</td><td>${a.tiers.map(t => t.map(esc).join(", ")).join(" &gt; ")}</td>
            <td>${admin ? `<button class="danger" data-remove="${esc(a.name)}">Remove</button>` : ""}</td></tr>`).join("")}
        </tbody></table>
      </section>
      ${admin ? `<section>
        <h2>Set an alias</h2>
        <form id="alias-form">
          <label>Name <input name="name" id="alias-name" required></label>
          <label>Tiers: models separated by commas, tiers by &gt; <input name="tiers" id="alias-tiers" size="50" placeholder="qwen-32b, qwen-14b > gpt-4o-mini" required></label>
          <button type="submit">Save alias</button>
        </form>
      </section>` : ""}`;
    main.querySelectorAll("[data-remove]").forEach(button => button.addEventListener("click", () => guarded(async () => {
      await call("DELETE", "aliases/" + encodeURIComponent(button.dataset.remove));
      toast(`Alias ${button.dataset.remove} removed.`);
      route();
    })));
    document.getElementById("alias-form")?.addEventListener("submit", event => {
      event.preventDefault();
      const { name, tiers } = formValues(event.target);
      const parsed = tiers.split(">").map(t => t.split(",").map(m => m.trim()).filter(Boolean)).filter(t => t.length > 0);
      guarded(async () => { await call("PUT", "aliases/" + encodeURIComponent(name.trim()), { tiers: parsed }); toast(`Alias ${name} saved.`); route(); });
    });
  },

  async users(mine) {
    const users = await call("GET", "users");
    if (stale(mine)) return;
    main.innerHTML = `
      <section>
        <h2>Users</h2>
        <table><thead><tr><th>Name</th><th>Portal role</th><th>Send-isolated</th><th>Receive-isolated</th></tr></thead><tbody>
          ${users.map(u => `<tr data-user="${esc(u.name)}"><td>${esc(u.name)}</td><td>${esc(u.role ?? "no sign-in")}</td><td>${u.sendIsolated ? "yes" : "no"}</td><td>${u.receiveIsolated ? "yes" : "no"}</td></tr>`).join("")}
        </tbody></table>
      </section>
      <section>
        <h2>Add or change a user</h2>
        <form id="user-form">
          <label>Name <input name="name" id="user-name" required></label>
          <label>Portal role <select name="role" id="user-role"><option value="">no sign-in</option><option value="member">member</option><option value="admin">admin</option></select></label>
          <label>New password <input name="password" id="user-password" type="password" autocomplete="new-password" minlength="12"></label>
          <label><span><input type="checkbox" name="sendIsolated"> send-isolated</span></label>
          <label><span><input type="checkbox" name="receiveIsolated"> receive-isolated</span></label>
          <button type="submit">Save user</button>
        </form>
      </section>`;
    document.getElementById("user-form").addEventListener("submit", event => {
      event.preventDefault();
      const values = formValues(event.target);
      const body = { role: values.role || null, password: values.password || null, sendIsolated: "sendIsolated" in values, receiveIsolated: "receiveIsolated" in values };
      guarded(async () => { await call("PUT", "users/" + encodeURIComponent(values.name.trim()), body); toast(`User ${values.name} saved.`); route(); });
    });
  },

  async usage(mine) {
    const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
    const by = params.get("by") ?? "user";
    const days = params.get("days") ?? "7";
    const report = await call("GET", `usage?by=${encodeURIComponent(by)}&days=${encodeURIComponent(days)}`);
    if (stale(mine)) return;
    const num = v => v === null || v === undefined ? "" : Number(v).toLocaleString();
    const money = v => v === null || v === undefined ? "" : `$${Number(v).toFixed(4)}`;
    const row = r => `<tr data-usage="${esc(r.key)}"><td>${esc(r.key)}</td><td>${num(r.requests)}</td><td>${num(r.promptTokens)}</td><td>${num(r.completionTokens)}</td>
      <td>${num(r.cachedTokens)}</td><td>${num(r.generationTokensPerSecond)}</td><td>${num(r.promptTokensPerSecond)}</td><td>${num(r.timeToFirstTokenMs)}</td>
      <td>${num(r.queueWaitMs)}</td>${report.priced ? `<td>${money(r.cost)}</td>` : ""}</tr>`;
    const head = first => `<thead><tr><th>${first}</th><th>Requests</th><th>Prompt tokens</th><th>Completion tokens</th><th>Cached</th>
      <th>Gen. tok/s</th><th>Prefill tok/s</th><th>TTFT ms</th><th>Queue ms</th>${report.priced ? "<th>Cost</th>" : ""}</tr></thead>`;
    main.innerHTML = `
      <section>
        <h2>Usage</h2>
        <form id="usage-form">
          <label>By <select name="by">${["user", "key", "model", "worker"].map(g => `<option${g === by ? " selected" : ""}>${g}</option>`).join("")}</select></label>
          <label>Last <select name="days">${["1", "7", "30", "90"].map(d => `<option value="${d}"${d === days ? " selected" : ""}>${d} day${d === "1" ? "" : "s"}</option>`).join("")}</select></label>
          <button type="submit">Show</button>
        </form>
      </section>
      <section id="usage-groups"><h2>By ${esc(by)}</h2>
        ${report.rows.length === 0 ? `<p class="muted">No requests in this period.</p>` : `<table>${head(esc(by))}<tbody>${report.rows.map(row).join("")}</tbody></table>`}
      </section>
      <section id="usage-series"><h2>By ${esc(report.bucket)}</h2>
        ${report.series.length === 0 ? "" : `<table>${head(report.bucket)}<tbody>${report.series.map(r => row({ ...r, key: when(r.key) })).join("")}</tbody></table>`}
      </section>`;
    document.getElementById("usage-form").addEventListener("submit", event => {
      event.preventDefault();
      const values = formValues(event.target);
      location.hash = `#/usage?by=${values.by}&days=${values.days}`;
    });
  },

  async settings(mine) {
    const settings = await call("GET", "settings");
    if (stale(mine)) return;
    main.innerHTML = `
      <section>
        <h2>Settings</h2>
        <p class="muted">In force on every replica at once, no restart. Durations are hh:mm:ss. Empty a field to go back to the configuration files' value.</p>
        <form id="settings-form" class="stack" style="max-width: 720px">
          ${settings.map(s => `<label>${esc(s.key)}${s.overridden ? " (set here)" : ""}
            <input name="${esc(s.key)}" value="${s.overridden ? esc(s.value) : ""}" placeholder="${esc(s.value)}">
            <span>${esc(s.description)}</span></label>`).join("")}
          <button type="submit">Save settings</button>
        </form>
      </section>`;
    document.getElementById("settings-form").addEventListener("submit", event => {
      event.preventDefault();
      const values = Object.fromEntries(settings.map(s => [s.key, event.target.elements[s.key].value.trim() || null]));
      guarded(async () => { await call("PUT", "settings", { values }); toast("Settings saved."); route(); });
    });
  },

  async audit(mine) {
    const entries = await call("GET", "audit?count=200");
    if (stale(mine)) return;
    main.innerHTML = `
      <section>
        <h2>Audit log</h2>
        <table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Object</th><th>Detail</th></tr></thead><tbody>
          ${entries.map(e => `<tr><td>${when(e.at)}</td><td>${esc(e.actor)}</td><td>${esc(e.action)}</td><td>${esc(e.target)}</td><td>${esc(e.detail)}</td></tr>`).join("")}
        </tbody></table>
      </section>`;
  },

  // Your own sign-in: a new password (other sessions end, this one goes on) and signing out everywhere.
  async account(mine) {
    if (stale(mine)) return;
    if (session.source !== "local") {
      main.innerHTML = `<section><h2>Account</h2><p class="muted">You signed in with Microsoft: your password and sessions are managed there.</p></section>`;
      return;
    }
    main.innerHTML = `
      <section>
        <h2>Change password</h2>
        <form class="stack" id="password-form">
          <label>Current password <input name="currentPassword" id="current-password" type="password" autocomplete="current-password" required></label>
          <label>New password (at least 12 characters) <input name="newPassword" id="new-password" type="password" autocomplete="new-password" required minlength="12"></label>
          <button type="submit">Change password</button>
        </form>
        <p class="muted">Your other sessions (other browsers and devices) are signed out; this one stays signed in.</p>
      </section>
      <section>
        <h2>Sessions</h2>
        <p class="muted">Lost a device, or signed in somewhere you should not have? End every session of your account, this one too.</p>
        <button class="danger" id="logout-everywhere">Sign out everywhere</button>
      </section>`;
    document.getElementById("password-form").addEventListener("submit", event => {
      event.preventDefault();
      guarded(async () => {
        await call("POST", "password", formValues(event.target));
        // The session was signed in again, so the anti-forgery token bound to the old one is spent.
        antiforgery = null;
        event.target.reset();
        toast("Password changed. Your other sessions are signed out.");
      });
    });
    document.getElementById("logout-everywhere").addEventListener("click", () => guarded(async () => {
      await call("POST", "logout?everywhere=true");
      await start();
    }));
  },
};

async function credentials(path, noun, mine) {
  const list = await call("GET", path);
  if (stale(mine)) return;
  const admin = session.role === "admin";
  const isKey = path === "keys";
  main.innerHTML = `
    <section>
      <h2>${noun === "API key" ? "API keys" : "Client tokens"}</h2>
      <p class="muted">${isKey ? "API keys let tools call /v1 (OpenAI or Anthropic format)." : "Client tokens let a tunnel agent connect a machine."} Secrets are shown once, when created.</p>
      <table><thead><tr><th>Id</th><th>User</th><th>Name</th><th>Created</th>${isKey ? "<th>Tiers</th><th>Models</th><th>Limits</th>" : ""}<th>State</th><th></th></tr></thead><tbody>
        ${list.map(c => `<tr data-id="${esc(c.id)}"><td>${esc(c.id)}</td><td>${esc(c.user)}</td><td>${esc(c.name)}</td><td>${when(c.createdAt)}</td>
          ${isKey ? `<td>${esc(c.defaultPriority)} / max ${esc(c.maxPriority)}</td><td>${c.allowedModels.length ? c.allowedModels.map(esc).join(", ") : "all"}</td>
          <td>${[c.requestsPerMinute ? `${c.requestsPerMinute} req/min` : "", c.tokensPerMinute ? `${c.tokensPerMinute} tok/min` : ""].filter(Boolean).join(", ") || "none"}</td>` : ""}
          <td>${c.revokedAt ? `<span class="bad">revoked ${when(c.revokedAt)}</span>` : c.expiresAt ? `expires ${when(c.expiresAt)}` : `<span class="ok">active</span>`}</td>
          <td>${c.revokedAt ? "" : `${isKey ? `<button class="secondary" data-edit="${esc(c.id)}">Edit</button> ` : ""}<button class="danger" data-revoke="${esc(c.id)}">Revoke</button>`}</td></tr>`).join("")}
      </tbody></table>
      <div id="edit"></div>
    </section>
    <section>
      <h2>Create ${noun === "API key" ? "an API key" : "a client token"}</h2>
      <form id="create-form">
        <label>Name <input name="name" id="create-name" placeholder="${isKey ? "laptop" : "mac-studio"}"></label>
        ${admin ? `<label>For user <input name="user" id="create-user" placeholder="${esc(session.name)}"></label>` : ""}
        ${isKey ? `<label>Highest tier <select name="maxPriority"><option>normal</option><option>low</option>${admin ? "<option>high</option>" : ""}</select></label>
        <label>Only these models (commas) <input name="allowedModels" placeholder="all"></label>
        <label>Requests per minute <input name="requestsPerMinute" type="number" min="1" placeholder="no limit"></label>
        <label>Tokens per minute <input name="tokensPerMinute" type="number" min="1" placeholder="no limit"></label>` : ""}
        <button type="submit">Create ${noun}</button>
      </form>
      <div id="created"></div>
    </section>`;
  main.querySelectorAll("[data-revoke]").forEach(button => button.addEventListener("click", () => guarded(async () => {
    await call("DELETE", `${path}/${encodeURIComponent(button.dataset.revoke)}`);
    toast(`${button.dataset.revoke} revoked.`);
    route();
  })));
  main.querySelectorAll("[data-edit]").forEach(button => button.addEventListener("click", () =>
    editKey(list.find(c => c.id === button.dataset.edit), path, noun, admin)));
  document.getElementById("create-form").addEventListener("submit", event => {
    event.preventDefault();
    const values = formValues(event.target);
    const body = { name: values.name || null, user: values.user || null };
    if (isKey) {
      body.maxPriority = values.maxPriority;
      body.allowedModels = (values.allowedModels || "").split(",").map(m => m.trim()).filter(Boolean);
      body.requestsPerMinute = values.requestsPerMinute ? Number(values.requestsPerMinute) : null;
      body.tokensPerMinute = values.tokensPerMinute ? Number(values.tokensPerMinute) : null;
    }
    guarded(async () => {
      const created = await call("POST", path, body);
      await credentials(path, noun, generation);
      document.getElementById("created").innerHTML = `
        <p><strong>Copy this ${noun} now: it is not shown again.</strong></p>
        <p class="secret" id="new-secret">${esc(created.secret)}</p>`;
    });
  });
}

// Changes a key's tier ceiling, models and rate limits in place: same secret, in force on the next request.
function editKey(key, path, noun, admin) {
  const tier = t => String(t).toLowerCase();
  const box = document.getElementById("edit");
  const tiers = ["normal", "low", ...(admin || tier(key.maxPriority) === "high" ? ["high"] : [])];
  box.innerHTML = `
    <h3>Edit ${esc(key.id)}${key.name ? ` (${esc(key.name)})` : ""}</h3>
    <form id="edit-form">
      <label>Name <input name="name" value="${esc(key.name)}"></label>
      <label>Highest tier <select name="maxPriority">${tiers.map(t => `<option${t === tier(key.maxPriority) ? " selected" : ""}>${t}</option>`).join("")}</select></label>
      <label>Only these models (commas) <input name="allowedModels" value="${esc(key.allowedModels.join(", "))}" placeholder="all"></label>
      <label>Requests per minute <input name="requestsPerMinute" id="edit-rpm" type="number" min="1" value="${key.requestsPerMinute ?? ""}" placeholder="no limit"></label>
      <label>Tokens per minute <input name="tokensPerMinute" id="edit-tpm" type="number" min="1" value="${key.tokensPerMinute ?? ""}" placeholder="no limit"></label>
      <button type="submit">Save changes</button> <button type="button" class="secondary" id="edit-cancel">Cancel</button>
    </form>`;
  document.getElementById("edit-cancel").addEventListener("click", () => { box.innerHTML = ""; });
  document.getElementById("edit-form").addEventListener("submit", event => {
    event.preventDefault();
    const values = formValues(event.target);
    const rank = { high: 0, normal: 1, low: 2 };
    const body = {
      name: values.name || null,
      maxPriority: values.maxPriority,
      // The default tier stays unless the new ceiling is below it.
      defaultPriority: rank[tier(key.defaultPriority)] >= rank[values.maxPriority] ? tier(key.defaultPriority) : null,
      rejectAboveMaxPriority: key.rejectAboveMaxPriority,
      expiresAt: key.expiresAt,
      allowedModels: (values.allowedModels || "").split(",").map(m => m.trim()).filter(Boolean),
      requestsPerMinute: values.requestsPerMinute ? Number(values.requestsPerMinute) : null,
      tokensPerMinute: values.tokensPerMinute ? Number(values.tokensPerMinute) : null,
    };
    guarded(async () => {
      await call("PUT", `${path}/${encodeURIComponent(key.id)}`, body);
      toast(`${key.id} saved.`);
      await credentials(path, noun, generation);
    });
  });
}

// ---- Shell ----

async function route() {
  clearTimeout(refreshTimer);
  const mine = ++generation;
  const name = (location.hash.replace(/^#\//, "") || "live").split("?")[0];
  const page = pages[name] ?? pages.live;
  document.querySelectorAll("#nav a").forEach(a => a.classList.toggle("active", a.getAttribute("href") === `#/${name}`));
  await guarded(() => page(mine), mine);
}

function enter() {
  const nav = document.getElementById("nav");
  nav.hidden = false;
  nav.querySelectorAll("[data-admin]").forEach(a => a.hidden = session.role !== "admin");
  document.getElementById("session").innerHTML = `${esc(session.name)} (${esc(session.role)}) <button class="secondary" id="logout">Sign out</button>`;
  document.getElementById("logout").addEventListener("click", () => guarded(async () => {
    await call("POST", "logout");
    session = null;
    antiforgery = null;
    await start();
  }));
  route();
}

async function start() {
  clearTimeout(refreshTimer);
  generation++;
  session = null;
  antiforgery = null;
  document.getElementById("nav").hidden = true;
  document.getElementById("session").textContent = "";
  const status = await call("GET", "status");
  entraEnabled = status.entraSignIn;
  // Someone who signed in with Entra ID has a session even on a gateway with no local admin yet.
  if (status.setupRequired && !entraEnabled) { renderSetup(); return; }
  try {
    session = await call("GET", "me");
    enter();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) toast(error.message, true);
    else if (status.setupRequired) renderSetup();
    else renderLogin();
  }
}

window.addEventListener("hashchange", () => { if (session) route(); });

// A refused Entra ID sign-in comes back as /portal/?signin=failed&reason=…: say why, then drop it from the address.
const signin = new URLSearchParams(location.search);
if (signin.get("signin") === "failed") {
  toast(`Sign-in with Microsoft failed: ${signin.get("reason") ?? "unknown reason"}`, true);
  history.replaceState(null, "", location.pathname + location.hash);
}
start();
