export { AuthHttpModule } from './auth-http.module';
export { authentication } from './authentication.middleware';
export { AuthSettings } from './auth.settings';
export { AccessCache } from './access-cache';
export { attachAnswerChecks } from './answer-checks';
