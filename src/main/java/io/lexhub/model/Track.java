package io.lexhub.model;

public enum Track { FAST, STANDARD }
