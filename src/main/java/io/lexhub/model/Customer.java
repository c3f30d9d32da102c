package io.lexhub.model;

public record Customer(String id, String name, String contactEmail, String domain) {}
