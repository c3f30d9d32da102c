package io.lexhub.model;

public enum RequestState { RECEIVED, NEEDS_INFO, REJECTED, PENDING_APPROVAL, APPROVED, DENIED, WITHDRAWN }
