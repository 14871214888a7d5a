/**
 * The Breakwater controller: watches the cluster (or a manifests directory), translates what it
 * sees into dataplane config, and applies it through the Runtime API. For now it holds the {@code
 * breakwater} command-line entry point; the Kubernetes half lands with its own issue.
 */
package io.breakwater.controller;
