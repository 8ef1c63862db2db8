// Package web is the example server's web pages: a sign-in page (demo
// tokens and the identity providers), the portfolio, a community's page and
// its forms, in bokmål, nynorsk and English, without script. The pages
// are lkthttp.Pages: the reference adapter (adapters/http) mounts them
// behind its middleware and lends them who sent a request and the browser
// sessions; everything they show comes from the domain's Service and the
// adapter's read views, so the pages and the API never disagree.
package web
