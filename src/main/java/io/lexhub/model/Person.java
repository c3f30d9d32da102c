package io.lexhub.model;

public record Person(String name, String email) {}
