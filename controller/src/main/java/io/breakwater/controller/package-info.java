/**
 * The Breakwater controller: watches the cluster (or a manifests directory), translates what it
 * sees into dataplane config, and applies it through the Runtime API. The pure half is here: the
 * observed state ({@code model}), the custom resources ({@code crd}) and translation ({@code
 * translate}); the {@code cli} package holds the {@code breakwater} command-line entry point.
 */
package io.breakwater.controller;
