// Last step of single sign-on. The redirect chain began at the identity provider (another site),
// so the browser held back our SameSite=Strict session cookie on it. Navigating from this page,
// which is on our own origin, is a same-site navigation: the cookie goes along.
location.replace('/account');
