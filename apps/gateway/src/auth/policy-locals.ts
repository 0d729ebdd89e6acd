/** Where the guard leaves the request's policy for the interceptor (`RoutePolicy`, in `res.locals`). */
export const POLICY_KEY = 'llmopsPolicy';
/** Where the guard leaves a search's visible set for the interceptor (`VisibleSet | undefined`). */
export const VISIBLE_KEY = 'llmopsVisible';
/** Where the guard leaves its app's AuthorizationInterceptor when the policy needs the answer checked. */
export const ANSWER_CHECKS_KEY = 'llmopsAnswerChecks';
