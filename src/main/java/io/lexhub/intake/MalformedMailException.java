package io.lexhub.intake;

/** A message that cannot be read as mail at all (broken MIME, over a size limit); it is quarantined. */
public class MalformedMailException extends RuntimeException {
    public MalformedMailException(String problem) {
        super(problem);
    }
}
