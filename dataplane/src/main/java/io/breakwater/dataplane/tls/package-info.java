/**
 * TLS termination for frontends: reading PEM certificate chains and private keys (PKCS#8, PKCS#1,
 * SEC1; RSA and ECDSA), and turning a frontend's {@code tls} config into Netty contexts chosen per
 * connection by SNI, on OpenSSL (BoringSSL via netty-tcnative) when it loads and the JDK engine
 * otherwise.
 */
package io.breakwater.dataplane.tls;
