// A real OpenID provider (the npm package oidc-provider) for adapters/oidc's
// tests, configured like HelseID or like ID-porten. Usage:
//
//   node provider.mjs '<config JSON>'
//
// config: {
//   "profile": "helseid" | "idporten",
//   "clients": [{"client_id", "jwks": {"keys": [public JWK]}, "redirect_uris": [...],
//                "post_logout_redirect_uris": [...], "backchannel_logout_uri"}],
//   "accounts": {"<login>": {claims}},
//   "resource": {"audience": "nhn:lkt", "scope": "nhn:lkt/api"}   (optional: JWT access tokens)
// }
//
// It listens on a free loopback port, prints {"issuer": "http://127.0.0.1:<port>"}
// on one line, and runs until its standard input closes (the test ends).
//
// Like HelseID: the client authenticates with private_key_jwt only, PKCE
// (S256) is required, the ID token carries the HPR number, the national
// identity number and the organisation under HelseID's claim names, and
// access tokens for the API are JWTs with the same claims. Like ID-porten:
// private_key_jwt, PKCE, and "pid" in the ID token. Both send back-channel
// logout tokens when a session ends here.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const cfg = JSON.parse(process.argv[2]);
const helseid = cfg.profile === 'helseid';

const claims = helseid
  ? {
    openid: ['sub', 'sid', 'helseid://claims/client/claims/orgnr_parent'],
    profile: ['name'],
    'helseid://scopes/identity/pid': ['helseid://claims/identity/pid'],
    'helseid://scopes/hpr/hpr_number': ['helseid://claims/hpr/hpr_number'],
  }
  : { openid: ['sub', 'sid', 'pid'], profile: ['name'] };

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>`
    + `<body><h1>${esc(title)}</h1>${body}</body></html>`;
}

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signing = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: cfg.clients.map((c) => ({
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      backchannel_logout_session_required: true,
      ...c,
    })),
    jwks: { keys: [signing] },
    claims,
    scopes: ['openid', ...Object.keys(claims).filter((s) => s !== 'openid'), ...(cfg.resource ? [cfg.resource.scope] : [])],
    conformIdTokenClaims: false, // claims in the ID token, as HelseID and ID-porten put them
    pkce: { required: () => true },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    clientAuthMethods: ['private_key_jwt'],
    async findAccount(ctx, id) {
      const a = cfg.accounts[id];
      if (!a) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...a }; } };
    },
    // Every client is trusted: the grant is made at sign-in, with all it asked for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      grant.addOIDCClaims(Object.values(claims).flat());
      if (cfg.resource) grant.addResourceScope(cfg.resource.audience, cfg.resource.scope);
      await grant.save();
      return grant;
    },
    async extraTokenClaims(ctx, token) {
      const a = cfg.accounts[token.accountId];
      return a ? { ...a } : undefined;
    },
    // The clients of this test provider live on the loopback interface,
    // which oidc-provider's guard against request forgery refuses to call.
    fetch(url, options) {
      const { dispatcher, ...rest } = options;
      return globalThis.fetch(url, rest);
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page('Sign out', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes" id="logout">Sign out</button>`);
        },
      },
      resourceIndicators: {
        enabled: !!cfg.resource,
        defaultResource: () => cfg.resource?.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          audience: cfg.resource.audience,
          scope: cfg.resource.scope,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 300,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  provider.proxy = false;
  provider.on('backchannel.error', (ctx, err, client) => console.error(`backchannel logout to ${client.clientId} failed: ${err.message} ${err.cause}`));
  provider.on('server_error', (ctx, err) => console.error(`server error: ${err.stack}`));

  const oidc = provider.callback();
  server.on('request', async (req, res) => {
    const m = req.url.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!m) return oidc(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(page(helseid ? 'HelseID (test)' : 'ID-porten (test)',
          `<form method="post" action="/interaction/${esc(details.uid)}/login">`
          + '<label>User <input name="login" id="login" autofocus></label>'
          + '<button type="submit" id="signin">Sign in</button></form>'));
        return;
      }
      const body = await new Promise((resolve) => {
        let b = '';
        req.on('data', (d) => { b += d; });
        req.on('end', () => resolve(new URLSearchParams(b)));
      });
      const login = body.get('login');
      if (!cfg.accounts[login]) {
        res.statusCode = 403;
        res.end(page('Unknown user', ''));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    } catch (err) {
      res.statusCode = 400;
      res.end(page('Error', esc(err.message)));
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
