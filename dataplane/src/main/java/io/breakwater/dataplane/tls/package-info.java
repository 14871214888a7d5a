/**
 * TLS on both sides of the proxy: reading PEM certificate chains and private keys (PKCS#8, PKCS#1,
 * SEC1; RSA and ECDSA); turning a frontend's {@code tls} config into Netty contexts chosen per
 * connection by SNI ({@link io.breakwater.dataplane.tls.TlsContexts}); and a backend's {@code tls}
 * config into the one client context its connections share ({@link
 * io.breakwater.dataplane.tls.UpstreamTls}). OpenSSL (BoringSSL via netty-tcnative) when it loads,
 * the JDK engine otherwise.
 */
package io.breakwater.dataplane.tls;
