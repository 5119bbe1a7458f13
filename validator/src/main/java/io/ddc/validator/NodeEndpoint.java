package io.ddc.validator;

/**
 * A storage node of the cluster as the chain lists it: its key, its provider (the account paid for
 * it) and its HTTP base URL ({@code http://host:http_port}; chain.md §4.1 ignores ssl and domain).
 */
record NodeEndpoint(AccountId nodeKey, AccountId provider, String httpBase) {}
