package io.lexhub.model;

public enum DeploymentScale { SMALL, MEDIUM, LARGE, ENTERPRISE }
