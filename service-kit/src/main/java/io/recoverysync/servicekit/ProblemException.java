package io.recoverysync.servicekit;

/**
 * A request refused with a given problem document: thrown where returning the answer is awkward (a check shared by
 * several endpoints), answered as that problem by {@link ProblemMappers}.
 */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
