package io.lexhub.model;

public enum DataSensitivity { NONE, INTERNAL, CONFIDENTIAL, REGULATED }
