package org.conclave.archfixture.beta;

import org.conclave.archfixture.alpha.Api;

/** Fixture for ArchitectureTest: allowed, it uses another feature's top-level package. */
public class UsesApi {
  Api api = new Api();
}
